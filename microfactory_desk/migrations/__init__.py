"""Alembic migrations; HEAD_REVISION lets start-up check the schema without importing Alembic."""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
HEAD_REVISION = "0014_scorecard_scored_index"
