# Losen: `make demo` starts the platform with demo data, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12 or newer: take the first one found.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null) $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null) python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: demo test install browser messages clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Losen needs Python 3.12 or newer (python3.12 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# `make demo PORT=8010` serves on another port (the same as `losen demo --port 8010`).
PORT ?= 8000
demo: install
	$(VENV)/bin/losen demo --port $(PORT)

# Browser tests need Debian's Chromium and axe-core (npm registry); installed when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }
	@test -f .cache/npm/node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4 >/dev/null

test: install browser
	$(PY) -m pytest

messages: install
	cd losen && ../$(VENV)/bin/losen makemessages --all --no-obsolete --add-location file --ignore '*/tests/*' && ../$(VENV)/bin/losen compilemessages

clean:
	rm -rf $(VENV) var .cache .pytest_cache
