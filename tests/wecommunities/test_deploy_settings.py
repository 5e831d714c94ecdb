"""A deployment that follows the README: with DEBUG off the site refuses to start without what
production needs, naming each; mail goes through SMTP from EMAIL_URL or EMAIL_HOST; `check
--deploy` is clean once static files are collected, and the web process refuses to serve before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-with-more-than-fifty-characters-0123456789",
    "SITE_URL": "https://mywe.example",
    "EMAIL_URL": "smtp://mailer:p%40ss@smtp.example:587?tls=true",
    "DEFAULT_FROM_EMAIL": "#MyWe <noreply@mywe.example>",
    "ALLOWED_HOSTS": "mywe.example",
    "BADGE_SIGNING_KEYS": "OvSvwAVUWgLfj4X9A2KNQtZQ5tvcSs4m1bRc5dC1JUQ",
}


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    """Python in a fresh process with only the given environment (and the system's PATH)."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "DJANGO_SETTINGS_MODULE": "wecommunities.settings"}
    return subprocess.run([sys.executable, *code.split()] if code.startswith("manage.py") else [sys.executable, "-c", code],
                          env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip


SHOW = "import django; django.setup(); from django.conf import settings as s; print({})"


def test_it_refuses_to_start_without_production_settings_naming_each():
    done = run(SHOW.format("s.SITE_URL"), DEBUG="false")
    assert done.returncode != 0
    assert ("Missing settings for production: SECRET_KEY, SITE_URL, EMAIL_URL or EMAIL_HOST, DEFAULT_FROM_EMAIL."
            in done.stderr)  # fmt: skip
    partly = run(SHOW.format("s.SITE_URL"), **{**PRODUCTION, "SITE_URL": ""})
    assert "Missing settings for production: SITE_URL." in partly.stderr


def test_development_needs_nothing():
    done = run(SHOW.format("s.SITE_URL, s.EMAIL_BACKEND"), DEBUG="true")
    assert done.stdout.split() == ["http://127.0.0.1:8000", "django.core.mail.backends.console.EmailBackend"]


def test_mail_goes_through_smtp_from_email_url():
    fields = "s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL"
    done = run(SHOW.format(fields), **PRODUCTION)
    assert done.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example", "587", "mailer", "p@ss", "True", "False"]


def test_mail_goes_through_smtp_from_the_usual_email_host_settings():
    env = {**PRODUCTION, "EMAIL_URL": "", "EMAIL_HOST": "smtp.example", "EMAIL_PORT": "465", "EMAIL_USE_SSL": "true"}
    done = run(SHOW.format("s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_SSL"), **env)
    assert done.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example", "465", "True"]


def test_oauth_libraries_never_log_below_info():
    levels = "[logging.getLogger(n).getEffectiveLevel() for n in ('tweepy', 'requests_oauthlib', 'oauthlib', 'urllib3', 'members')]"
    done = run("import logging; " + SHOW.format(levels), **PRODUCTION, LOG_LEVEL="DEBUG")
    assert done.stdout.strip() == "[20, 20, 20, 20, 10]"  # INFO for them, DEBUG for our own


@pytest.mark.slow
def test_check_deploy_is_clean_once_static_files_are_collected(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    before = run("manage.py check --deploy", **env)
    assert "Static files are not collected" in before.stderr and "collectstatic" in before.stderr
    refused = run("import wecommunities.wsgi", **env)
    assert refused.returncode != 0 and "Static files are not collected" in refused.stderr

    assert run("manage.py collectstatic --no-input", **env).returncode == 0
    after = run("manage.py check --deploy", **env)
    assert after.returncode == 0, after.stderr
    assert "System check identified no issues" in after.stdout
    assert run("import wecommunities.wsgi", **env).returncode == 0
    # The production storage remembers each URL it worked out (wecommunities/static_storage.py):
    # the answers are whitenoise's own, hashed names that exist in STATIC_ROOT.
    compare = (
        "import django; django.setup(); "
        "from django.templatetags.static import static; "
        "from whitenoise.storage import CompressedManifestStaticFilesStorage as W; "
        "names = ['css/site.css', 'img/favicon.svg', 'css/site.css']; "
        "print([static(n) for n in names] == [W().url(n) for n in names], static('css/site.css'))"
    )
    same, url = run(compare, **env).stdout.split()
    assert same == "True"
    assert url.startswith("/static/css/site.") and url != "/static/css/site.css"
    assert (tmp_path / "static" / url.removeprefix("/static/")).exists()
