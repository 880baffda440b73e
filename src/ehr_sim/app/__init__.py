"""Services for the UI and the CLI: the action gateway, its handlers, and queries for views."""
