# Two commands do all set-up: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///claimgraph.db

.PHONY: demo test install browser postgres lint security screens clean

$(BIN)/.installed: pyproject.toml requirements.lock
	PYTHON=$(PYTHON) scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/claimgraph --db $(DB) demo --out out

browser:
	sh scripts/setup-browser.sh

# A throwaway PostgreSQL cluster on 127.0.0.1 (installed from Debian's packages if missing) for the
# store tests; the script is idempotent and prints the URL, which `test` hands to pytest.
postgres:
	@scripts/setup-postgres.sh > .postgres-url
	@echo "PostgreSQL for tests: $$(cat .postgres-url)"

test: install browser postgres
	CLAIMGRAPH_TEST_PG="$$(cat .postgres-url)" $(BIN)/pytest

screens: install browser
	$(BIN)/python scripts/screens.py --db $(DB)

lint: install
	$(BIN)/ruff check src tests bench scripts fuzz

# High-severity bandit findings fail (tests/test_security_scan.py runs the same inside `make test`).
security: install
	$(BIN)/bandit -r src -lll -q

clean:
	rm -rf out claimgraph.db .pytest_cache .postgres-url
