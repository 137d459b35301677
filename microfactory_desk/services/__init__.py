"""Use cases of the app, free of Qt: each takes a Database and returns plain data."""
