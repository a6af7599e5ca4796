# The two commands a newcomer types: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check install bench bench-ui vendor browser neo4j-start neo4j-stop neo4j-status clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,check,bench]'
	touch $(STAMP)

install: $(STAMP)

## Start Neo4j (unless NEO4J_URI is set), apply the schema, load the seed if empty, serve :8000.
run: $(STAMP)
	$(BIN)/kg serve

## The whole suite against a real Neo4j (a private local server unless NEO4J_URI is set).
test: $(STAMP) browser
	$(BIN)/python -m pytest

## The quality gate: formatting, lint and strict types over the code and its tests.
check: $(STAMP)
	$(BIN)/ruff format --check app graph bench tests
	$(BIN)/ruff check app graph bench tests
	$(BIN)/mypy

## The benchmark (not part of the tests): scales 1, 10, 100, 300; writes bench/results/latest.{md,json}
## and growth.png. About an hour and 12 GB of memory at scale 300; `make bench SCALES=1,10` for less.
SCALES ?= 1,10,100,300
bench: $(STAMP)
	$(BIN)/python -m bench.run --scales $(SCALES) --out bench/results

## The Chromium the browser tests drive: Debian's package, installed when missing and allowed.
browser:
	@scripts/ensure-chromium.sh

## Refresh the map's graph library (app/static/vendor/) from npm at the versions pinned in the script.
vendor:
	scripts/vendor.sh

## The map's drawing time at scale 10 in headless Chromium (not a test); writes bench/results/ui.md.
bench-ui: $(STAMP) browser
	$(BIN)/python -m bench.ui --scale 10 --repeat 5 --out bench/results

neo4j-start: $(STAMP)
	$(BIN)/kg neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/kg neo4j stop

neo4j-status: $(STAMP)
	$(BIN)/kg neo4j status

clean:
	-$(BIN)/kg neo4j stop
	rm -rf $(VENV) .pytest_cache
