# Two commands for a newcomer: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_ENV = DEBUG=true LOG_LEVEL=WARNING SITE_URL=http://$(HOST):$(PORT)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-chat test install migrate lint bench clean-demo

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Sets up SQLite with eager Celery, builds the demo world once, and serves the site. The site
# serves as soon as the first pages' part of the world is in; a second process finishes the rest
# meanwhile (demo/build.py), niced so the site's requests go first, and is stopped with the site
# (the next run finishes what it left).
demo: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py migrate --no-input --verbosity 0
	$(DEMO_ENV) $(PY) manage.py demo_data --if-empty --part first
	@echo ""
	@echo "  #MyWe demo is running at http://$(HOST):$(PORT)/   (Ctrl-C stops it)"
	@echo ""
	$(DEMO_ENV) nice -n 10 $(PY) manage.py demo_data --part later & later=$$!; \
	trap 'kill $$later 2>/dev/null; wait $$later 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# While `make demo` runs: a chat starts now and arrives live, an hour's tweets in one minute.
demo-chat: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py demo_chat --speed 60

# Runs the whole suite; with DATABASE_URL and REDIS_URL set it runs against those servers.
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

clean-demo:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
