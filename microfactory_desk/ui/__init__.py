"""The Qt skin over the services: windows, pages, dialogs and table models."""
