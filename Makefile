# The two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench reliability install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,server]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@# Names the system packages Qt's X11 plugin lacks (found with ldd) instead of Qt's misleading hint.
	@$(BIN)/python -m microfactory_desk.qt_libs
	$(BIN)/microfactory-desk

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy
	# Benchmarks are not run by the tests: type-checking them is what notices an API they still use is gone.
	MYPYPATH=benchmarks $(BIN)/mypy benchmarks

# The database-facing tests run a second time on PostgreSQL when MFD_TEST_POSTGRES_URL names a server.
PG_TESTS := tests/services tests/cli tests/models

pytest: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	@if [ -n "$$MFD_TEST_POSTGRES_URL" ]; then \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --db=postgres $(PG_TESTS); \
	else \
	  echo "PostgreSQL tests skipped: MFD_TEST_POSTGRES_URL is not set (.ci/run starts a throwaway server)"; \
	fi

test: lint typecheck pytest

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

# kill -9 trials, concurrent writers, full disks, no network: prints trials, failures and the worst case per check.
reliability: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m reliability.run

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
