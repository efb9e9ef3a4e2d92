# Everything a fresh clone needs: `make demo` and `make test` create the environment first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint site clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

demo: $(VENV)/.installed  ## crawl the bundled demo site (served on 127.0.0.1) into data/demo.db
	$(PY) -m tests.site.demo --db data/demo.db

test: $(VENV)/.installed  ## run the test suite, then ruff and mypy
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

lint: $(VENV)/.installed  ## ruff and mypy
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

site: $(VENV)/.installed  ## rebuild tests/site/public from tests/site/content.py
	$(PY) -m tests.site.build

clean:
	rm -rf $(VENV) data/*.db data/*.db-*
