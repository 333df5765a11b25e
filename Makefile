# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test check serve clean chromium lint bench eval gate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## site: build site/ from content/raw (the embedded corpus)
site: $(STAMP)
	$(PY) -m generator build

## test: lint, then the whole suite including the browser tests (installs Debian's chromium)
test: $(STAMP) chromium
	$(PY) -m ruff check generator tests bench
	$(PY) -m pytest -q

## check: validate content/ (front matter, quotes, links, data files)
check: $(STAMP)
	$(PY) -m generator check

## serve: live preview at http://127.0.0.1:8000 (edits in content/ reload the page)
serve: $(STAMP)
	$(PY) -m generator serve

## eval: every real-text evaluation on whatever datasets are present (says which are missing)
eval: $(STAMP)
	$(PY) -m bench realtext
	$(PY) -m bench quotes
	$(PY) -m bench summaries

## gate: the deterministic real-data gate CI runs (../shared/benchmarks against bench/floors.yml)
gate: $(STAMP)
	$(PY) -m bench gate

## bench: summary quality (ROUGE against reference summaries), then build and search speed at scale
bench: $(STAMP) chromium
	$(PY) bench/eval_summaries.py
	$(PY) -m bench speed --sizes 100,1000,3000 --out bench/data/speed.json

chromium:
	@command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site .site.* $(VENV) *.egg-info .pytest_cache .ruff_cache
