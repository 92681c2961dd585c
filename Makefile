# policykg — two commands for a newcomer:
#   make serve   set up and run the service on the bundled corpus
#   make test    set up and run the whole test suite (installs what the tests need)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SERVE_STAMP := $(VENV)/.installed-serve

.PHONY: setup setup-serve serve test test-fast bench system-deps web-deps clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# what the service needs, and no more
$(SERVE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(SERVE_STAMP)

# the service and what the tests need (pytest, a browser driver, hypothesis, …)
$(STAMP): pyproject.toml $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup-serve: $(SERVE_STAMP)

setup: $(STAMP)

serve: setup-serve
	$(BIN)/policykg serve

system-deps:
	bash scripts/system-deps.sh

# the npm packages the browser tests inject into the page under test (axe-core)
web-deps: tests/web/node_modules/.installed

tests/web/node_modules/.installed: tests/web/package.json tests/web/package-lock.json
	npm ci --prefix tests/web --no-audit --no-fund
	touch $@

test: setup system-deps web-deps
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var build *.egg-info
