"""Realistic demo data, built through the services' own writers; not a use case of the app."""
