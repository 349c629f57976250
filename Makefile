# Two commands on a fresh clone: `make run` and `make test`. See README.md.
#
# Python: the first of python3.13, python3.12, python3.11, python3 on PATH that is 3.11 or newer,
# or the one you name: `make test PYTHON=/usr/bin/python3.12`. The virtualenv (.venv) keeps the
# interpreter it was made with; `make clean` to switch.
# Dependencies come from the lock files (exact versions with hashes): requirements.txt (what the
# app needs to run) and requirements-dev.txt (that plus the test tools). `make lock` refreshes
# both from pyproject.toml.
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
endif
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip --disable-pip-version-check --no-input install --quiet --quiet \
	--require-hashes
ADDRESS ?= 127.0.0.1:8000
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --no-config --quiet --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test install migrate demo check messages worker beat lock clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.11 or newer found (tried python3.13, python3.12, python3.11, python3)."; \
		echo "Install one, e.g. on Debian or Ubuntu: sudo apt-get install python3 python3-venv"; \
		echo "or name one: make $(or $(MAKECMDGOALS),run) PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); this app needs 3.11 or newer."; \
		exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || { \
		echo "$(PYTHON) cannot make a virtualenv. On Debian or Ubuntu: sudo apt-get install $$($(PYTHON) -c 'import sys; print("python3.%d-venv" % sys.version_info[1])')"; \
		exit 1; }
	@echo "Virtualenv in $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
	@$(PYTHON) -m venv $(VENV)

# A stamp per lock file: a changed lock file installs again.
$(VENV)/.installed-run: requirements.txt | $(PY)
	@echo "Installing the dependencies (requirements.txt)"
	@$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(PY)
	@echo "Installing the dependencies and test tools (requirements-dev.txt)"
	@$(PIP_INSTALL) -r requirements-dev.txt
	@touch $@

# Everything for development: the app's dependencies and the test tools.
install: $(VENV)/.installed-dev

migrate: $(VENV)/.installed-run
	@$(PY) manage.py migrate --noinput --verbosity 0

demo: migrate
	@$(PY) manage.py load_demo --address http://$(ADDRESS)/

# Quiet: the demo logins, then runserver's own lines ending with the address.
run: migrate
	@$(PY) manage.py load_demo --verbosity 0 --address http://$(ADDRESS)/
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver $(ADDRESS)

check: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m mypy
	DJANGO_DEBUG=0 SECRET_KEY=ci-only-$$(date +%s)-not-a-real-secret-key-but-long-enough-to-pass \
		ALLOWED_HOSTS=kvo.example.org REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		$(PY) manage.py check --deploy --fail-level WARNING

test: check
	$(PY) -m pytest -n 2 --dist loadfile

# Refresh both lock files from pyproject.toml, valid for Python 3.11 and newer on every platform;
# pins that still fit are kept (`make lock LOCK_ARGS=--upgrade` takes the newest versions within
# pyproject's bounds). The runtime pins are the same in both files.
lock: | $(PY)
	@$(PY) -m pip --disable-pip-version-check install --quiet --quiet "uv>=0.9,<0.14"
	$(LOCK) --output-file requirements.txt
	$(LOCK) --extra dev --constraint requirements.txt --output-file requirements-dev.txt

messages: $(VENV)/.installed-run
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

worker: $(VENV)/.installed-run
	$(VENV)/bin/celery -A kvo worker -l info

beat: $(VENV)/.installed-run
	$(VENV)/bin/celery -A kvo beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 media
