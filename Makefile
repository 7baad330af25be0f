# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: reminders run test lint format bench install install-dev messages demo-info

# The runtime set for `make run`; the development set (tests, linters, benchmark) on top for the rest.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Serve the portal with a Celery worker and beat on the embedded defaults (SQLite, filesystem broker,
# file mailbox in var/mail), or on Postgres and Redis when DATABASE_URL / CELERY_BROKER_URL are set.
run: export DEBUG ?= 1
# The address the e-mails' links point to (SITE_URL): the one this server listens on, unless set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py setup_portal
	$(PY) manage.py send_reminders_now
	$(PY) manage.py demo_info --url http://$(HOST):$(PORT)/
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

# The whole suite on the database DATABASE_URL names (SQLite when unset).
test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: export DEBUG ?= 1
messages: install-dev
	cd $(CURDIR) && $(PY) manage.py makemessages -l nl --ignore=.venv --ignore=var --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv -l nl

demo-info: install
	$(PY) manage.py demo_info --url http://$(HOST):$(PORT)/

# The benchmark (README, "Benchmark"): the 10k and the 100k data set, each generated once into its own
# database named after DATABASE_URL (var/bench_10k.sqlite3 ... when unset) and reused, measured with the
# production settings; needs Redis on 127.0.0.1:6379. BENCH_ARGS=--quick for a smoke run, --only 10k for
# one set. Results in bench/results/<run>/.
bench: install-dev
	nice -n 10 $(PY) -m bench.run $(BENCH_ARGS)

# Queue the rotation reminders due today now (the daily beat job does the same at 07:00); safe to repeat.
reminders: install
	$(PY) manage.py send_reminders_now
