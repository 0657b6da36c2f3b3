# Two commands do all set-up: `make demo` (install + run the main job) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///claimgraph.db

.PHONY: demo test install lint clean

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/claimgraph --db $(DB) demo --out out

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf out claimgraph.db .pytest_cache
