# kamp's set-up and test commands. `make demo` and `make test` are all a newcomer needs.
.DEFAULT_GOAL := help
SHELL := bash

# Python 3.12 or newer: prefer an explicit python3.12, else whatever python3 is.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
UV := .tools/bin/uv
VENV := .venv

.PHONY: help install bench-install demo test format messages

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "kamp needs Python 3.12 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check 'uv>=0.13,<0.14'

install: $(UV)  ## Create .venv with kamp and its locked dependencies
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"

bench-install: $(UV)  ## Add the benchmarks' extras (pandas, tpchgen-cli) to .venv
	$(UV) sync --frozen --group bench --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"

demo: install  ## Load the demo company and serve it at http://127.0.0.1:8000
	$(VENV)/bin/kamp demo

test: install  ## Lint, type-check and run every test (PostgreSQL and browser legs when available)
	bash scripts/test

format: install  ## Format the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install  ## Extract strings into the es/fr catalogues, then compile them
	cd src/kamp && KAMP_DEBUG=true KAMP_DATA_DIR=../../var ../../$(VENV)/bin/kamp manage makemessages -l es -l fr --no-obsolete --no-wrap
	$(VENV)/bin/python scripts/compile_messages.py
