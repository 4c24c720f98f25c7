# The two commands of the README, and a few helpers.
#   make run    set up, then open the sample app in a desktop window (headless when no display)
#   make test   set up, then run the linters, the type checker and the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup run serve test lint bench clean

setup:
	@scripts/setup.sh

run: setup
	$(VENV)/bin/ddemu run

serve: setup
	$(VENV)/bin/ddemu serve

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: setup lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) benchmarks/bridge_rtt.py

clean:
	rm -rf $(VENV) sample_apps/*/node_modules sample_apps/*/dist tests/assets/*/node_modules
