"""Microfactory Desk: partner roster, SLAs, quality, orders and scorecards for microfactory networks."""

__version__ = "0.1.0"
