# One command to run, one to test; each sets itself up in .venv on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench setup rasa gate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/callcheck run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/callcheck kb validate
	$(BIN)/callcheck kb test
	$(MAKE) --no-print-directory gate
	$(BIN)/pytest

# Detection quality on the development sets beside the project (CI has them): fails below the
# lines committed in tests/quality_gate.yml.
# Analysed on every core (--workers 0) against an empty database, and the figures kept in
# GATE_CACHE keyed by a hash of the file, the knowledge, the code and the installed packages: a run
# with nothing changed reads them back in a second (GATE_CACHE= turns the cache off).
CORPUS ?= ../shared/corpus
GATE_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/callcheck/eval
gate: $(STAMP)
	@if [ -f $(CORPUS)/accounts_dev.jsonl ]; then \
		db=$$(mktemp -d); trap 'rm -rf "$$db"' EXIT; \
		for f in accounts_dev.jsonl dev.jsonl dev_en.jsonl; do \
			echo "== quality gate: $$f"; \
			CALLCHECK_DB=$$db/gate.db $(BIN)/callcheck eval $(CORPUS)/$$f --gate tests/quality_gate.yml --workers 0 \
				$(if $(GATE_CACHE),--cache "$(GATE_CACHE)") | grep -E "^  (ALL|lang:|[a-z_]+ )|top-|quality gate|FAIL" ; \
			[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
		done; \
	else \
		echo "quality gate skipped: $(CORPUS) not found (it holds the development sets)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_analyzer.py
	$(BIN)/python benchmarks/bench_sms_model.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_numbers.py
	$(BIN)/python benchmarks/bench_adversarial.py
	$(BIN)/python benchmarks/bench_review.py
	$(BIN)/python benchmarks/bench_broadcast.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_ocr.py

# The optional Rasa backend: its own Python 3.10 environment (.venv-rasa) and a trained model.
rasa: $(STAMP)
	@if $(BIN)/python -c "import sys; from bot.cli.rasa import find_python310; sys.exit(0 if find_python310() else 1)"; then \
		($(BIN)/callcheck rasa setup && $(BIN)/callcheck rasa train) || \
		echo "Rasa setup or training failed (see above): the Rasa integration test will be skipped."; \
	else \
		echo "No Python 3.10 found (PATH or pyenv): skipping the Rasa backend; its integration test will be skipped."; \
	fi
