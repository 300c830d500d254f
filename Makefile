# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Any Python 3.12 or newer; pyenv's .python-version is honoured when present, but not required.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	$$p -c 'import sys; print(sys.executable)'; break; fi; done)
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run migrate demo worker test lint typecheck pytest pytest-sqlite pytest-postgres e2e bench messages clean

help:
	@echo "make run    install, migrate the SQLite database, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   linters and the whole test suite (and again on PostgreSQL when DATABASE_URL is set)"
	@echo "make bench  benchmarks (bench/)"

.tools/bin/uv:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed; none was found on PATH." >&2; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

$(BIN)/coproduce: pyproject.toml uv.lock | $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed; none was found on PATH." >&2; exit 1; }
	$(UV) sync --frozen --python "$(PYTHON)"
	@touch $@

install: $(BIN)/coproduce

migrate: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce demo --if-empty

worker: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce db_worker

run: demo
	@echo "Serving on http://$(HOST):$(PORT) with the background worker and scheduler. Ctrl+C stops them all."
	@trap 'kill 0' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce db_worker & \
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce scheduler & \
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/coproduce runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/djlint coproduce --lint
	$(BIN)/mypy coproduce config

pytest-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadgroup -q

pytest-postgres: install
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "Running the suite on PostgreSQL ($$DATABASE_URL)"; \
		$(BIN)/pytest -n 2 -q -m "not e2e"; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "REQUIRE_POSTGRES is set but DATABASE_URL is not" >&2; exit 1; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped"; fi

test: lint pytest-sqlite pytest-postgres

bench: migrate
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/insights.py

messages: install
	for app in coproduce/*/; do if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/django-admin compilemessages); fi; done

clean:
	rm -rf $(VENV) .tools staticfiles
