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

# One letter explained in full, then every bundled sample as a batch with its summary.
demo: setup
	$(BIN)/scan samples/text/cp14-stacked-01.pdf --today 2026-11-25
	$(BIN)/scan --today 2026-11-25 --timeline $$(ls samples/{text,scanned,photo,not-a-letter}/*.{pdf,jpg,png,heic,tif} 2>/dev/null)

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

# Accuracy, speed, ablation and throughput on a generated corpus (README figures).
bench: setup
	$(BIN)/python -m bench.run

bench-quick: setup
	$(BIN)/python -m bench.run --quick

# Mutation fuzzing of the loaders for ten minutes (make test runs a short slice).
fuzz: setup
	$(BIN)/python -m bench.fuzz --seconds 600

# Bad inputs handled, fuzz crashes, and results lost when a batch is killed and resumed.
reliability: setup
	$(BIN)/python -m bench.reliability

# Build the wheel, install it in a fresh venv (not editable) and scan a sample from /tmp:
# missing package data or a missing dependency fails here.
wheel-test: setup
	rm -rf dist /tmp/irs-scan-wheel-venv
	$(BIN)/python -m build --wheel --outdir dist . >/dev/null
	$(PYTHON) -m venv /tmp/irs-scan-wheel-venv
	/tmp/irs-scan-wheel-venv/bin/pip install -q dist/*.whl
	cd /tmp && /tmp/irs-scan-wheel-venv/bin/scan $(CURDIR)/samples/text/cp14-stacked-01.pdf --json \
		| /tmp/irs-scan-wheel-venv/bin/python -c "import json,sys; d=json.load(sys.stdin); assert d['notice_code']=='CP14' and d['stage'], d; print('wheel ok:', d['notice_code'], d['stage']['title'])"
	cd /tmp && /tmp/irs-scan-wheel-venv/bin/scan explain CP504 | head -1
	cd /tmp && /tmp/irs-scan-wheel-venv/bin/scan $(CURDIR)/samples/photo/cp503-02.jpg --json \
		| /tmp/irs-scan-wheel-venv/bin/python -c "import json,sys; d=json.load(sys.stdin); assert d['error'] is None, d; print('wheel OCR ok:', d['notice_code'])"

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache bench/generated
