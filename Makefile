# One command to run, one to test; each sets itself up in .venv on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# requirements.txt (running) and requirements-test.txt (running + tests) pin every package with its
# hashes, generated from pyproject.toml for Python $(LOCK_PYTHON) (`make lock`). Another Python
# installs from pyproject.toml's ranges instead. tools/install.py installs with uv (parallel
# downloads; itself pinned with its hashes in requirements-uv.txt) and falls back to pip where uv
# cannot be had (CALLCHECK_INSTALLER=pip: pip only). Progress goes to stderr: `make -s run` piped
# still prints only the chat.
LOCK_PYTHON := 3.11
STARTED := $(shell date +%s)
INSTALL := $(BIN)/python tools/install.py $(VENV) --bootstrap $(PYTHON)
LOCKED = [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$(LOCK_PYTHON)" ]

.PHONY: run test lint bench bench-smoke setup setup-test lock rasa gate

$(STAMP): pyproject.toml requirements.txt requirements-uv.txt tools/install.py
	@echo "==> [1/3] creating $(VENV) with $(PYTHON)" >&2
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv --without-pip $(VENV)  # uv (or ensurepip, for pip) fills it
	@echo "==> [2/3] installing what running needs (first time: under a minute with uv)" >&2
	@if $(LOCKED); then \
		$(INSTALL) --hashes -r requirements.txt; \
	else \
		echo "    (requirements.txt is locked for Python $(LOCK_PYTHON): installing from pyproject.toml's ranges)" >&2; \
		$(INSTALL) -e .; \
	fi
	@echo "==> [3/3] installing callcheck itself" >&2
	@$(INSTALL) --quiet --no-deps -e .
	@touch $(STAMP)
	@echo "==> ready in $$(( $$(date +%s) - $(STARTED) )) s" >&2

$(TEST_STAMP): $(STAMP) requirements-test.txt
	@echo "==> installing the test tools (pytest, Playwright, scikit-learn, ruff)" >&2
	@if $(LOCKED); then \
		$(INSTALL) --hashes -r requirements-test.txt; \
	else \
		$(INSTALL) -e ".[test]"; \
	fi
	@$(INSTALL) --quiet --no-deps -e .
	@touch $(TEST_STAMP)
	@echo "==> test tools ready in $$(( $$(date +%s) - $(STARTED) )) s" >&2

# Regenerate the lock files after changing dependencies in pyproject.toml (needs pip-tools and PyPI);
# requirements-uv.txt pins the installer itself (requirements-uv.in).
lock:
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-find-links --no-emit-index-url -o requirements.txt pyproject.toml
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-find-links --no-emit-index-url --extra test \
		-o requirements-test.txt pyproject.toml
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-find-links --no-emit-index-url -o requirements-uv.txt requirements-uv.in

setup: $(STAMP)

setup-test: $(TEST_STAMP)

run: $(STAMP)
	@$(BIN)/callcheck run

# pytest on every core (pytest-xdist; a test module's tests stay in one worker, so its
# module-wide servers and fixtures start once); the benchmarks run in smoke mode among the tests.
# Each step prints its time ("== time: pytest 212 s") and pytest its 15 slowest tests, so the CI log
# shows where the minutes go.
timed = @start=$$(date +%s); $(2); rc=$$?; echo "== time: $(1) $$(( $$(date +%s) - start )) s" >&2; exit $$rc
test: $(TEST_STAMP)
	$(call timed,ruff,$(BIN)/ruff check .)
	$(call timed,kb validate,$(BIN)/callcheck kb validate)
	$(call timed,kb test,$(BIN)/callcheck kb test)
	$(call timed,quality gate,$(MAKE) --no-print-directory gate)
	$(call timed,pytest,$(BIN)/pytest -n auto --dist loadscope --durations=15)

# Detection quality on the development sets beside the project (CI has them): fails below the
# lines committed in tests/quality_gate.yml. The urgent matrix (generated, no corpus needed) fails
# when any language or region gets the right first line and region in under 98% of messages.
# Analysed on every core (--workers 0) against an empty database, and the figures kept in
# GATE_CACHE keyed by a hash of the file, the knowledge, the code and the installed packages: a run
# with nothing changed reads them back in a second (GATE_CACHE= turns the cache off).
CORPUS ?= ../shared/corpus
GATE_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/callcheck/eval
gate: $(TEST_STAMP)
	@echo "== quality gate: urgent matrix (first line and region per language and region)"
	@$(BIN)/python benchmarks/bench_urgent.py --min 0.98 --misses 5 | grep -E "^  (ALL|lang:|region:|miss)|urgent gate"; \
		[ $${PIPESTATUS[0]} -eq 0 ] || exit 1
	@if [ -f $(CORPUS)/accounts_dev.jsonl ]; then \
		db=$$(mktemp -d); trap 'rm -rf "$$db"' EXIT; \
		for f in accounts_dev.jsonl accounts_dev2.jsonl dev.jsonl dev_en.jsonl; do \
			[ -f $(CORPUS)/$$f ] || continue; \
			echo "== quality gate: $$f"; \
			CALLCHECK_DB=$$db/gate.db $(BIN)/callcheck eval $(CORPUS)/$$f --gate tests/quality_gate.yml --workers 0 \
				$(if $(GATE_CACHE),--cache "$(GATE_CACHE)") | grep -E "^  (ALL|lang:|[a-z_]+ )|top-|quality gate|FAIL" ; \
			[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
		done; \
		if [ -f $(CORPUS)/accounts_dev2.jsonl ]; then \
			echo "== quality gate: accounts_dev + accounts_dev2, blind half (aggregates only)"; \
			CALLCHECK_DB=$$db/gate.db $(BIN)/callcheck eval $(CORPUS)/accounts_dev.jsonl $(CORPUS)/accounts_dev2.jsonl --blind \
				--gate tests/quality_gate.yml --workers 0 $(if $(GATE_CACHE),--cache "$(GATE_CACHE)") | grep -E "^  (ALL|lang:)|top-|quality gate|FAIL" ; \
			[ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
		fi; \
	else \
		echo "quality gate skipped: $(CORPUS) not found (it holds the development sets)"; \
	fi

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every benchmark, full size (prints figures, asserts nothing). The 10-million-number database
# takes most of an hour to build: BENCH_NUMBERS="1000000 10000000" adds it.
BENCHMARKS := analyzer sms_model engine numbers adversarial review broadcast api batch impact ocr cases urgent
BENCH_NUMBERS ?= 1000000
bench: $(STAMP)
	@for b in $(BENCHMARKS); do \
		echo "== bench_$$b"; \
		if [ $$b = numbers ]; then args="--sizes $(BENCH_NUMBERS)"; else args=""; fi; \
		$(BIN)/python benchmarks/bench_$$b.py $$args || exit 1; \
	done

# The same at tiny sizes (figures mean nothing): what CI runs so the benchmarks cannot rot
# (tests/test_benchmarks.py runs this too, inside `make test`).
bench-smoke: $(STAMP)
	@for b in $(BENCHMARKS); do \
		echo "== bench_$$b --smoke"; $(BIN)/python benchmarks/bench_$$b.py --smoke || exit 1; \
	done

# The optional Rasa backend: its own Python 3.10 environment (.venv-rasa) and a trained model.
rasa: $(STAMP)
	@if $(BIN)/python -c "import sys; from bot.cli.rasa import find_python310; sys.exit(0 if find_python310() else 1)"; then \
		($(BIN)/callcheck rasa setup && $(BIN)/callcheck rasa train) || \
		echo "Rasa setup or training failed (see above): the Rasa integration test will be skipped."; \
	else \
		echo "No Python 3.10 found (PATH or pyenv): skipping the Rasa backend; its integration test will be skipped."; \
	fi
