PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install test schemas bench eval lint record sample

install: $(BIN)/scan

$(BIN)/scan: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,dev]"
	touch $(BIN)/scan

test: install
	$(BIN)/python -m pytest -q

schemas: install
	$(BIN)/python -m scanner.schemagen schemas

bench: install
	$(BIN)/python -m scanner.bench --corpus $(SHARED)/corpus

eval: install
	$(BIN)/python -m scanner.evaluate --corpus $(SHARED)/corpus

lint: install
	$(BIN)/ruff check scanner tests
	$(BIN)/mypy scanner

sample: install
	$(BIN)/python fixtures/make_sample_pdf.py fixtures/papers/sample-paper.pdf
