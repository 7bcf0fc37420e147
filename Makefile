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
CORPUS ?= ../shared/corpus
gate: $(STAMP)
	@if [ -f $(CORPUS)/accounts_dev.jsonl ]; then \
		for f in accounts_dev.jsonl accounts_dev2.jsonl dev.jsonl dev_en.jsonl; do \
			[ -f $(CORPUS)/$$f ] || continue; \
			echo "== quality gate: $$f"; \
			$(BIN)/callcheck eval $(CORPUS)/$$f --gate tests/quality_gate.yml | grep -E "^  (ALL|lang:|[a-z_]+ )|top-|quality gate|FAIL" ; \
			[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
		done; \
		if [ -f $(CORPUS)/accounts_dev2.jsonl ]; then \
			echo "== quality gate: accounts_dev + accounts_dev2, blind half (aggregates only)"; \
			$(BIN)/callcheck eval $(CORPUS)/accounts_dev.jsonl $(CORPUS)/accounts_dev2.jsonl --blind --gate tests/quality_gate.yml | grep -E "^  (ALL|lang:)|top-|quality gate|FAIL" ; \
			[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
		fi; \
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
