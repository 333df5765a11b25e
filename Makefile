# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
# Any Python 3.11 to 3.13 will do: the newest found on PATH, or PYTHON=/path/to/python3.12.
SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))
PYTHON ?= $(firstword $(foreach candidate,python3.13 python3.12 python3.11 python3,$(shell \
	$(candidate) -c '$(SUPPORTED)' >/dev/null 2>&1 && echo $(candidate))))
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What each target needs: the site only the runtime dependencies, the tests the test extras too.
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

.PHONY: site test check serve clean chromium lint bench eval gate venv hooks

# A venv of an unsupported Python, or one left half-made by a failed `python -m venv`, is replaced
# rather than reused (its stamps go with it, so everything is installed again). pip -qq: errors
# only; what is left at -q is setuptools' note that an install is editable, and pip's about index
# locations of the machine's own pip configuration.
venv:
	@if ! $(PY) -c 'import pip; $(SUPPORTED)' >/dev/null 2>&1; then \
		[ -n "$(PYTHON)" ] || { echo "no Python 3.11 to 3.13 on PATH; run make PYTHON=/path/to/python3.12" >&2; exit 2; }; \
		[ ! -e $(VENV) ] || echo "$(VENV): not a working Python 3.11-3.13 venv; replacing it with $(PYTHON)" >&2; \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
		$(PY) -m pip install --quiet --quiet --upgrade pip; \
	fi

$(RUNTIME): pyproject.toml | venv
	$(PY) -m pip install --quiet --quiet -e .
	touch $@

$(TESTING): pyproject.toml | venv
	$(PY) -m pip install --quiet --quiet -e '.[test]'
	touch $@ $(RUNTIME)

## site: build site/ from content/raw (the embedded corpus)
site: $(RUNTIME)
	$(PY) -m generator build

## test: lint, then the whole suite including the browser tests (installs Debian's chromium)
test: $(TESTING) chromium
	$(PY) -m ruff check generator tests bench
	$(PY) -m pytest -q

## check: validate content/ (front matter, quotes, links, data files)
check: $(RUNTIME)
	$(PY) -m generator check

## serve: live preview at http://127.0.0.1:$(PORT) (make serve PORT=8001; edits in content/ reload the page)
serve: $(RUNTIME)
	$(PY) -m generator serve --port $(PORT)

## hooks: install pre-commit (with the test extras) and its git hook: content/ is checked before every commit
hooks: $(TESTING)
	$(VENV)/bin/pre-commit install

## eval: every real-text evaluation on whatever datasets are present (says which are missing)
eval: $(TESTING)
	$(PY) -m bench realtext
	$(PY) -m bench quotes
	$(PY) -m bench summaries

## gate: the deterministic real-data gate CI runs (../shared/benchmarks against bench/floors.yml)
gate: $(TESTING)
	$(PY) -m bench gate

## bench: summary quality (ROUGE against reference summaries), then build and search speed at scale
bench: $(TESTING) chromium
	$(PY) bench/eval_summaries.py
	$(PY) -m bench speed --sizes 100,1000,3000 --out bench/data/speed.json

chromium:
	@command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site .site.* $(VENV) *.egg-info .pytest_cache .ruff_cache
