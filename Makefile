# Every target bootstraps .venv when it is missing, so a fresh clone needs only
# `make demo` and `make test`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
METADATA_URL := https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/master/clean_v10_metadata/cleanMetadata.xml

.PHONY: install generate check test test-wheel test-peers lint typecheck metadata demo bench bench-peers clean golden docs

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[codegen,dev]'
	@touch $(STAMP)

install: $(STAMP)

# The docs site's tools (the `docs` extra), installed on first `make docs`.
DOCS_STAMP := $(VENV)/.installed-docs
$(DOCS_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[codegen,dev,docs]'
	@touch $(DOCS_STAMP)

generate: $(STAMP)
	$(PY) -m generator generate

# Fails on drift between specs and generated code, then runs the linters and type checks.
check: $(STAMP)
	$(PY) -m generator check
	$(MAKE) --no-print-directory lint typecheck

lint: $(STAMP)
	$(VENV)/bin/ruff check generator runtime emulator tests bench examples docs/_hooks scripts
	$(VENV)/bin/ruff check --select I,F,E9 generated

typecheck: $(STAMP)
	@# runtime/, emulator/ and generator/ are checked under the names they are imported by,
	@# through the links in generated/o365/ (generated.o365._runtime...).
	$(VENV)/bin/mypy --strict generated bench docs/_hooks scripts

test: $(STAMP)
	$(PY) -m pytest

# The built wheel and sdist, installed with the emulator extra into a clean virtual environment,
# running a user's test file with the pytest plugin (tests/packaging/test_wheel.py; slow).
test-wheel: $(STAMP)
	$(PY) -m pytest -m wheel tests/packaging/test_wheel.py

# Refresh the generator's golden outputs after an intended template change.
golden: $(STAMP)
	$(PY) -m tests.generator.golden --update

metadata: $(STAMP)
	@mkdir -p .cache
	$(PY) -c "import urllib.request, sys; urllib.request.urlretrieve(sys.argv[1], '.cache/cleanMetadata.xml')" $(METADATA_URL)
	@echo "saved .cache/cleanMetadata.xml"

demo: $(STAMP)
	$(PY) examples/tour.py

# The docs site from docs/ into .cache/site; any warning fails it (a page missing from the nav,
# a broken link). Material's banner about its end of life is not a warning about these pages.
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

bench: $(STAMP)
	$(PY) -m bench

bench-peers: $(STAMP)
	$(PY) -m bench --peers

# python-o365 and msgraph-sdk, unmodified, against the emulator over --tls (tests/peers/).
# Not part of `make test`: it installs them into bench/.peers-venv from PyPI on first use.
test-peers: $(STAMP)
	$(PY) -m bench.peers
	EMULATOR_PYTHON=$(abspath $(PY)) bench/.peers-venv/bin/python -m pytest tests/peers

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache
