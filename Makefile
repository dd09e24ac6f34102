# gentintl: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development runs with DEBUG on; production sets its own environment (README).
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
TEST_ENV := DJANGO_DEBUG=1 DJANGO_SECRET_KEY=test-only-not-secret

.PHONY: install install-dev lock run migrate seed test lint format serve load bench bench-quick backup restore clean

# Every install is locked and hashed (README, "Requirements"): the bootstrap first puts the
# pinned pip and setuptools in place; setuptools builds the one source-only package (odfpy)
# inside the venv, so no unhashed build tool is fetched.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-build-isolation
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)

$(STAMP): requirements.txt .ci/bootstrap.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r .ci/bootstrap.txt
	$(PIP_INSTALL) -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) tests/requirements.txt
	$(PIP_INSTALL) -r tests/requirements.txt
	touch $(DEV_STAMP)

# Runtime only (production); `install-dev` adds the test and lint tools.
install: $(STAMP)

install-dev: $(DEV_STAMP)

# Resolve .ci/requirements*.in into the locks, keeping the versions already locked where
# they still fit (`make lock LOCK_ARGS=--upgrade` takes the newest the inputs allow); the
# development lock keeps the runtime packages at the versions production runs.
lock: install-dev
	$(LOCK) .ci/requirements.in -o requirements.txt
	printf 'pip\nsetuptools\n' | $(LOCK) --no-annotate - -c requirements.txt -o .ci/bootstrap.txt
	$(LOCK) .ci/requirements-dev.in -c requirements.txt -o tests/requirements.txt

migrate: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_seeds

run: seed
	$(RUN_ENV) $(BIN)/python manage.py create_demo_users
	@echo "gentintl serves on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(BIN)/gunicorn gentintl.wsgi --bind $(HOST):$(PORT) --workers 3 --worker-class gthread --threads 4

load: install-dev
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL to a PostgreSQL database for the load test." && exit 2)
	$(BIN)/python tests/load/run_load.py --duration $${DURATION:-60} $(LOAD_ARGS)

# Benchmarks at a hundred times Ghent's size on PostgreSQL (tests/benchmarks/run.py).
bench: install-dev
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL to a PostgreSQL database for the benchmarks." && exit 2)
	$(BIN)/python tests/benchmarks/run.py

bench-quick: install-dev
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL to a PostgreSQL database for the benchmarks." && exit 2)
	$(BIN)/python tests/benchmarks/run.py --quick

backup:
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL to the PostgreSQL database to back up." && exit 2)
	mkdir -p backups
	pg_dump --format=custom --file=backups/gentintl-$$(date +%Y%m%d-%H%M%S).dump "$$DATABASE_URL"

restore:
	@test -n "$$DATABASE_URL" -a -n "$(FILE)" || (echo "Usage: make restore FILE=... DATABASE_URL=..." && exit 2)
	pg_restore --no-owner --dbname="$$DATABASE_URL" "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
