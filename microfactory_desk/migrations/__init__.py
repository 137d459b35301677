"""Alembic migrations; HEAD_REVISION lets start-up check the schema without importing Alembic."""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
HEAD_REVISION = "0013_scorecard_score_index"
