# Contributor commands. `make help` lists them.
# make run: set up .venv, build the warehouse if missing or older than data/raw, serve.
# make test: set up .venv, lint, type-check, run every test.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WAREHOUSE ?= data/warehouse.duckdb
RAW := data/raw
HOST ?= 127.0.0.1
PORT ?= 8050

.DEFAULT_GOAL := help
.PHONY: help system setup warehouse run test test-fast lint typecheck fmt bench bench-etl bench-dashboard bench-pages bench-export bench-load bench-peers bench-records bench-press lock clean
SYSTEM_PACKAGES := chromium fonts-thai-tlwg fonts-noto-cjk slapd ldap-utils libreoffice-impress libreoffice-calc poppler-utils

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# requirements.lock pins what runs the product; requirements-dev.lock adds what tests and checks it. Both carry
# the hash of every file, so pip installs exactly what was locked (--require-hashes).
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the locked dependencies (runtime and development)

system: ## install the Debian packages the tests and chart images need (Chromium, Thai and Japanese fonts, slapd, LibreOffice Impress to render decks)
	@if command -v chromium >/dev/null && [ -x /usr/sbin/slapd ] && command -v soffice >/dev/null && [ -e /usr/lib/libreoffice/program/libsclo.so ] && command -v pdftoppm >/dev/null && fc-list 2>/dev/null | grep -qi 'tlwg' && fc-list 2>/dev/null | grep -qi 'noto sans cjk'; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "make system: run as root, or install: apt-get install $(SYSTEM_PACKAGES)"; exit 1; fi

# Rebuilt when the raw files or the ETL change (its SQL models hold the counting rules the dashboard reads).
$(WAREHOUSE): $(STAMP) $(wildcard $(RAW)/*) $(wildcard contract/*.py etl/*.py etl/staging/*.py etl/models/*.sql etl/checks/*.sql)
	$(PY) -m etl build --raw $(RAW) --warehouse $(WAREHOUSE)

warehouse: $(WAREHOUSE) ## build the warehouse when missing or older than data/raw

run: system $(WAREHOUSE) ## set up, build the warehouse if needed, serve the dashboard
	DASHBOARD_WAREHOUSE=$(WAREHOUSE) $(PY) -m dashboard --host $(HOST) --port $(PORT)

test: system $(STAMP) ## lint, type-check and run every test (slow ones included)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

test-fast: $(STAMP) ## the tests without the slow and browser ones
	$(PY) -m pytest -m "not slow and not browser"

lint: $(STAMP) ## ruff lint and format check, mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

typecheck: $(STAMP) ## mypy over contract, etl and dashboard (settings in pyproject.toml)
	$(VENV)/bin/mypy

fmt: $(STAMP) ## format the code and apply safe lint fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: bench-etl bench-dashboard bench-pages bench-export bench-records bench-load bench-press ## every benchmark but the peers (which installs Datasette)

bench-etl: $(STAMP) ## ETL at 10k-10M rows against DuckDB's plain read_csv; writes bench/RESULTS.md
	$(PY) bench/bench_etl.py

bench-dashboard: $(STAMP) ## filter-change server time and page draw time against DuckDB alone; writes bench/RESULTS.md
	$(PY) bench/bench_dashboard.py

bench-pages: system $(STAMP) ## every page in Chromium: cold, next page, filter change, bytes, beside a static page of the same figures; writes bench/RESULTS.md
	$(PY) bench/bench_pages.py

bench-export: system $(STAMP) ## full deck and one chart PNG, cold and warm, against DuckDB alone; writes bench/RESULTS.md
	$(PY) bench/bench_export.py

bench-load: system $(STAMP) ## 50 simulated analysts for 60 s on gunicorn while the ETL rebuilds twice; writes bench/RESULTS.md
	$(PY) bench/load_test.py

bench-records: $(STAMP) ## the records CSV export streamed at 10k-1M rows: first byte, total, memory, beside DuckDB's COPY; writes bench/RESULTS.md
	$(PY) bench/bench_records.py

bench-press: $(STAMP) ## press-release extraction: precision and recall per field on the labelled set, time per release; writes bench/RESULTS.md
	$(PY) bench/bench_press.py

bench-peers: $(STAMP) ## our /api/sql beside Datasette and Apache Superset (venvs of their own under bench/work/peers) on the ten saved queries at 1M rows; writes bench/RESULTS.md
	$(PY) bench/peers.py

# pip-compile keeps the versions already in the lock files unless pyproject.toml asks for others
# (LOCK_FLAGS=--upgrade moves everything to the newest allowed). requirements-dev.lock is resolved together with
# the runtime pins (-c requirements.lock), then keeps only what the runtime lock does not already hold.
LOCK_FLAGS ?=
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" /tmp/lockvenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)
lock: ## re-resolve the pinned dependencies, with hashes, into requirements.lock (runtime) and requirements-dev.lock (development)
	rm -rf /tmp/lockvenv && $(PYTHON) -m venv /tmp/lockvenv
	/tmp/lockvenv/bin/pip install -q pip-tools==7.7.0
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml
	awk 'NR == FNR { if (/^[a-z0-9]/) { sub(/==.*/, ""); runtime[$$0] = 1 } next } \
	     /^[a-z0-9]/ && !done { print "-r requirements.lock\n"; done = 1 } \
	     /^[^ ]/ { name = $$0; sub(/==.*/, "", name); keep = !(name in runtime) && !/considered to be unsafe/ } \
	     keep' requirements.lock requirements-dev.lock > requirements-dev.lock.tmp
	mv requirements-dev.lock.tmp requirements-dev.lock

clean: ## remove the virtualenv and the built warehouse
	rm -rf $(VENV) $(WAREHOUSE)
