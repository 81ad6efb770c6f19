# Two commands do all set-up: `make run` serves the map, `make test` runs every test.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test bench svg schema check-content soak constraints clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade -c constraints.txt pip

# Every package at the version the tests ran with (constraints.txt; `make constraints` renews it).
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Authoring mode: each save under data/ shows at the next page load, broken content as its list
# of problems (webapp/web/live_content.py); Python and template edits restart the server (--debug).
run: $(STAMP)
	REFERRAL_MAP_DEV=1 $(PY) -m flask --app webapp run --debug --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m flask --app webapp check-content
	$(PY) -m pytest

# Not part of `make test`: several minutes of load; prints a table, writes bench/results.json.
bench: $(STAMP)
	$(PY) -m bench

svg: $(STAMP)
	$(PY) -m flask --app webapp build-svg

# After changing webapp/content/model.py, or to give new YAML files their editor header line.
schema: $(STAMP)
	$(PY) -m flask --app webapp content-schema --add-headers

# Not part of `make test`: 60 s at 64 connections against gunicorn (2 workers) on 127.0.0.1.
soak: $(STAMP)
	$(PY) -m bench.soak --seconds $(or $(SOAK_SECONDS),60) --connections 64

check-content: $(STAMP)
	$(PY) -m flask --app webapp check-content

# After changing a pin in pyproject.toml: install without the old constraints, then freeze the
# venv (less the project itself and the venv's own setuptools; the build's is pinned in pyproject).
constraints: | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	{ echo "# pip freeze of a venv that passed make test; make installs with -c constraints.txt"; \
	  $(PY) -m pip freeze --all --exclude-editable | grep -v '^setuptools=='; } > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache tests/browser/screenshots
