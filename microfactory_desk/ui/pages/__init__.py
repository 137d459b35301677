"""pages of the GUI."""
