"""The attention dashboard: cards of what needs doing today, and their horizons."""
