# Two commands do all set-up: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///claimgraph.db

.PHONY: demo test install lint clean postgres

$(BIN)/.installed: pyproject.toml requirements.lock
	PYTHON=$(PYTHON) scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/claimgraph --db $(DB) demo --out out

# A throwaway PostgreSQL cluster on 127.0.0.1 (installed from Debian's packages if missing) for the
# store tests; the script is idempotent and prints the URL, which `test` hands to pytest.
postgres:
	@scripts/setup-postgres.sh > .postgres-url
	@echo "PostgreSQL for tests: $$(cat .postgres-url)"

test: install postgres
	CLAIMGRAPH_TEST_PG="$$(cat .postgres-url)" $(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf out claimgraph.db .pytest_cache .postgres-url
