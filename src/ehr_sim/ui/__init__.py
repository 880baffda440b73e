"""PySide6 front end: the main window and its views. Never opens a database session."""
