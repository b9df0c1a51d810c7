# Hasshin task runner. `make run` and `make test` are the two commands in the README.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test test-suite lint format bench clean

$(UV):
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install Debian's python3-venv (apt-get install -y python3-venv)"; exit 1; }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

install: $(UV)
	$(UV) sync --frozen --quiet

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py serve

test: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(UV) run --frozen pytest -n 2 -p no:cacheprovider

# The suite alone (used by .ci/run for the second database).
test-suite: install
	$(UV) run --frozen pytest -n 2 -p no:cacheprovider

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy hasshin/checks hasshin/policy hasshin/audit

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

bench: install
	$(UV) sync --frozen --quiet --group bench
	$(UV) run --frozen --group bench python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
