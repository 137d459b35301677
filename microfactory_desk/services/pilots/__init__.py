"""Micro-market pilots: plans, feedback, daily sales, decisions and their files."""
