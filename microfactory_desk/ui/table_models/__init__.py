"""table models of the GUI."""
