# Every target is idempotent. `make demo` and `make test` set up a fresh Debian machine first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export OMP_THREAD_LIMIT := 1

.PHONY: setup tesseract test test-all demo lint format samples bench bench-quick fuzz reliability wheel-test clean

setup: tesseract $(STAMP)

# Tesseract with English and the orientation model, through apt-get when it is missing.
tesseract:
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx osd; then \
		echo "Installing Tesseract (apt-get)..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

test: setup
	$(BIN)/python -m pytest -q

demo: setup
	$(BIN)/scan samples/demo --today 2026-11-25

lint: setup
	$(BIN)/ruff check scanner tests samples bench examples
	$(BIN)/ruff format --check scanner
	$(BIN)/mypy scanner
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff format scanner
	$(BIN)/ruff check --fix scanner tests samples bench examples

samples: setup
	$(BIN)/python -m samples.generator --out samples

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
