"""Plain data to files: spreadsheets, CSV and PDFs, always written through a temporary file."""
