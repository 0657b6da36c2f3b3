# Two commands do all set-up: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///claimgraph.db

.PHONY: demo test install browser lint security screens clean

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/claimgraph --db $(DB) demo --out out

browser:
	sh scripts/setup-browser.sh

test: install browser
	$(BIN)/pytest

screens: install browser
	$(BIN)/python scripts/screens.py --db $(DB)

lint: install
	$(BIN)/ruff check src tests bench scripts fuzz

# High-severity bandit findings fail (tests/test_security_scan.py runs the same inside `make test`).
security: install
	$(BIN)/bandit -r src -lll -q

clean:
	rm -rf out claimgraph.db .pytest_cache
