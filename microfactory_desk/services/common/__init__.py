"""What several areas share: settings in the database, record numbering, backups, the light SQL path."""
