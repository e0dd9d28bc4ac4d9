# Talent Foundry — the two commands (and a few helpers).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test install migrate seed lint bench apicheck clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements

migrate: install ## Apply database migrations
	$(BIN)/flask db upgrade

seed: migrate ## Load the demo data (idempotent)
	$(BIN)/flask seed demo

run: seed ## Install, migrate, load demo data, serve on http://127.0.0.1:5000
	@echo "Talent Foundry on http://127.0.0.1:5000  (Ctrl-C to stop)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install ## Run the whole test suite (TEST_DATABASE_URL=postgresql://… for PostgreSQL)
	$(BIN)/python -m tests.run

lint: install ## ruff
	$(BIN)/ruff check foundry tests config.py wsgi.py

bench: install ## Dashboard and import benchmarks at Hong Kong scale (prints figures)
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) instance .pytest_cache

apicheck: install ## schemathesis against the live API on a throwaway database
	$(BIN)/python -m tests.api.contract
