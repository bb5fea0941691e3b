# truce — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= truce.db
# The shared news corpus, when it sits beside the project, is ingested into the demo.
CORPUS ?= $(wildcard ../shared/corpus/dev)
LINTED := $(wildcard src tests bench)

.PHONY: install demo serve test check docs lock clean vendor bench-deps

install: $(STAMP)

# Installs the Debian packages of deps/, the pinned Python packages (requirements.lock),
# then truce itself, editable.
$(STAMP): pyproject.toml requirements.lock deps/debian-packages.txt
	scripts/install-debian-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/truce demo --db $(DB) $(if $(CORPUS),--corpus $(CORPUS))

serve: install
	$(BIN)/truce serve --db $(DB)

check: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

test: check
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Installs the Debian packages the benchmarks need (deps/benchmark-packages.txt: wrk).
bench-deps:
	scripts/install-debian-packages deps/benchmark-packages.txt

# Regenerates the CLI reference from the commands' --help.
docs: install
	$(BIN)/python -m truce.cli.reference > docs/cli.md

# Re-pins every dependency (run after changing pyproject.toml's dependency lists).
lock: $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# Refreshes the pages' vendored JavaScript and basemap data from the npm registry (needs npm);
# the result is committed, so nothing else needs npm or the internet.
vendor:
	scripts/vendor-web-assets

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
