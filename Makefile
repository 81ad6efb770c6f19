# Two commands do all set-up: `make run` serves the map, `make test` runs every test.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test bench svg check-content clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP)
	$(PY) -m flask --app webapp run --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m flask --app webapp check-content
	$(PY) -m pytest

# Not part of `make test`: several minutes of load; prints a table, writes bench/results.json.
bench: $(STAMP)
	$(PY) -m bench

svg: $(STAMP)
	$(PY) -m flask --app webapp build-svg

check-content: $(STAMP)
	$(PY) -m flask --app webapp check-content

clean:
	rm -rf $(VENV) .pytest_cache tests/browser/screenshots
