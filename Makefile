# Two commands matter: `make demo` and `make test`. Both create the virtual environment when needed.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint typecheck docs docs-check unit emulator-tests acceptance demo bench perf release mirror clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[emulator,dev]'
	# bytecode for the provider's own modules, so that a start does not compile them where Python may not write
	# its cache (PYTHONDONTWRITEBYTECODE): about 40 ms of each provider start otherwise
	$(BIN)/python -m compileall -q provider resources
	touch $(STAMP)

# Test workers: the acceptance tests mostly wait on terraform and the emulator, so more workers than cores pay.
# --dist loadgroup: the release tests (xdist_group "release") share one worker, which builds the release once.
TEST_WORKERS ?= 6

# lint, type checks, docs in step with the schema, then unit, emulator and acceptance tests
test: lint typecheck docs-check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

# docs/ as tfplugindocs renders it, from what `terraform providers schema -json` prints for the provider installed
# from this checkout (a scratch mirror and workspace; about 1 s) and from examples/
docs: venv
	$(BIN)/python docs/generate.py

# fails when docs/ is not what `make docs` would write
docs-check: venv
	$(BIN)/python docs/generate.py --check

unit: venv
	$(BIN)/python -m pytest tests/unit

emulator-tests: venv
	$(BIN)/python -m pytest tests/emulator

acceptance: venv
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup tests/acceptance

demo: venv
	VENV=$(VENV) bash scripts/demo.sh

bench: venv
	$(BIN)/python bench/startup.py

# Every performance scenario side by side with Terraform's floor, a no-op provider and the AWS provider, as a Markdown
# table (bench/README.md, "Performance at 1,000 resources"); about 10 minutes. PERF_ARGS="--only webhooks --repeat 3"
perf: venv
	$(BIN)/python bench/perf.py $(PERF_ARGS)

# The release: a self-contained executable (PyInstaller, one folder) zipped as
# terraform-provider-sinch_<version>_<os>_<arch>.zip, with _SHA256SUMS and _manifest.json, into dist/.
release: venv
	$(BIN)/python release/build.py

# A provider mirror from the release files in dist/: a filesystem mirror (packed layout) that also holds the
# static files of a network mirror. `make release mirror MIRROR=/srv/terraform-providers`
MIRROR ?= dist/mirror
mirror: venv
	$(BIN)/terraform-provider-sinch mirror --dist dist --dir $(MIRROR)

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache build dist
