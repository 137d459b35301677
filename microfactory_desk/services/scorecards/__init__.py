"""Scorecards: KPIs against the SLA turned into scores, standings, the portfolio and their PDFs."""
