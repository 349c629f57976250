# Two commands on a fresh clone: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo check messages worker beat clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
		print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	DJANGO_DEBUG=0 SECRET_KEY=ci-only-$$(date +%s)-not-a-real-secret-key-but-long-enough-to-pass \
		ALLOWED_HOSTS=kvo.example.org $(PY) manage.py check --deploy --fail-level WARNING

test: check
	$(PY) -m pytest -n 2 --dist loadfile

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A kvo worker -l info

beat: install
	$(VENV)/bin/celery -A kvo beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 media
