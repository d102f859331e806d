# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test install lint format migrate demo clean judge backup restore audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

run: demo
	$(BIN)/python manage.py ensure_admin
	@echo ""
	@echo "  网站 / site:   http://127.0.0.1:$(PORT)/"
	@echo "  后台 / admin:  http://127.0.0.1:$(PORT)/admin/   (用户名 admin)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production-style on loopback: gunicorn, DEBUG off (association.settings.prod), static files
# collected and served by WhiteNoise, uploads by Django (no nginx in front), same database and
# demo content as `make run`. The secret
# key is generated once into var/secret_key; plain http, so no SSL redirect or HSTS locally.
SERVE_ENV = DJANGO_SETTINGS_MODULE=association.settings.prod \
	DJANGO_SECRET_KEY="$$(cat var/secret_key)" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" \
	DJANGO_HSTS_SECONDS="$${DJANGO_HSTS_SECONDS:-0}" \
	DB_CONN_MAX_AGE="$${DB_CONN_MAX_AGE:-60}" PORT=$(PORT) \
	DJANGO_SERVE_MEDIA="$${DJANGO_SERVE_MEDIA:-1}"

var/secret_key: | $(BIN)/python
	mkdir -p var
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: demo var/secret_key
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  网站 / site:   http://127.0.0.1:$(PORT)/   (gunicorn, DEBUG 关闭)"
	@echo ""
	$(SERVE_ENV) exec $(BIN)/gunicorn -c gunicorn.conf.py

# Installs chromium, fonts-noto-cjk and nginx first when it can (root); otherwise the browser
# and nginx tests are skipped with one line saying what is missing.
test: install
	@tools/test-deps.sh
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: install
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

# The outside judges (Nu Html Checker, axe-core, Lighthouse 12, feedparser, sitemap) against a
# production-style server. Needs java (apt: default-jre-headless), chromium and fonts-noto-cjk.
judge: install
	cd tools/judge && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(BIN)/python tools/judge/run.py

# Database contents and media in one archive (backups/site-backup-<time>.tar.gz, or OUT=path).
backup: migrate
	$(BIN)/python manage.py backup_site $(if $(OUT),--output $(OUT))

# Restore an archive into an empty database: make restore ARCHIVE=backups/site-backup-....tar.gz
restore: install
	@test -n "$(ARCHIVE)" || (echo "用法 / usage: make restore ARCHIVE=备份文件.tar.gz" && exit 2)
	$(BIN)/python manage.py restore_site $(ARCHIVE)

# Known vulnerabilities in the installed (pinned) dependencies. --strict: a package that
# could not be checked is a failure, not a silent skip. Needs PyPI's JSON API.
audit: install
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache .ruff_cache artifacts tools/judge/node_modules
