"""Documents the office prints, files and sends: PDFs (letters, CMS-1500, statements, reports),
XLSX and CSV exports, and X12 files.

Each writer is a pure function from plain data (dataclasses from domain/ or built by app/) to
bytes or a file; nothing here opens a database or imports Qt. PDFs use reportlab, XLSX openpyxl.
"""
