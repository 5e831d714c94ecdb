"""One settings module: every deployment value comes from the environment.

Development defaults (SQLite, eager Celery, local-memory cache) let a fresh clone run with no
services. With DEBUG off, a value that production needs and lacks stops start-up by name.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envdecimal(name: str) -> Decimal | None:
    value = os.environ.get(name, "").strip().lstrip("$")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be an amount such as 250 or 99.50, not {value!r}") from None


def envrates(name: str, default: str) -> dict[str, Decimal]:
    rates = {}
    for item in envlist(name, default):
        key, _, value = item.partition("=")
        try:
            rates[key.strip()] = Decimal(value.strip())
        except InvalidOperation:
            raise ImproperlyConfigured(f"{name}: {item!r} is not key=dollars, e.g. post=0.005") from None
    return rates


def envchoice(name: str, default: str, choices: list[str]) -> str:
    value = envstr(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def email_url(url: str) -> dict:
    """Mail settings from one URL, in the form Django deployments commonly use:
    smtp://user:password@host:port, with smtps:// or ?tls=true for STARTTLS and ?ssl=true for TLS
    from the start; console:// prints mail instead."""
    parts = urlsplit(url)
    if parts.scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL must look like smtp://user:password@host:587, not {parts.scheme}://…")
    query = {key: values[-1].lower() in {"1", "true", "yes"} for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtps" or query.get("tls", False),
        "EMAIL_USE_SSL": query.get("ssl", False),
    }


DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY") or ("dev-only-insecure-key-do-not-use-in-production" if DEBUG else "")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Where the site is, for links in emails, feeds and share cards; required in production.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
SITE_ID = 1
# Reverse proxies in front of the site that append to X-Forwarded-For (a load balancer, nginx):
# per-IP limits read the visitor's address through them (wecommunities/client_ip.py).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.twitter_oauth2",
    "tweets",
    # Before badges: a batch's tweets are attributed to their chats before badges count them.
    "chats",
    "members",
    "blog",
    "badges",
    "dashboards",
    "cpd",
    "suggestions",
    "credentials",
]
# The demo world (manage.py demo_data, demo_chat): for development and tests, not production.
if envbool("DEMO", DEBUG):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response; NUL in a request is a 4xx.
    "wecommunities.middleware.SecurityHeadersMiddleware",
    "wecommunities.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user and their X account read from the cache (members/session_user.py).
    "members.session_user.CachedUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Tells a member about badge levels reached since their last visit (needs auth and messages).
    "badges.middleware.NewLevelsMiddleware",
    # With DEBUG only: the branded 404 and 400 pages instead of Django's technical ones.
    "wecommunities.errors.BrandedErrorsInDebugMiddleware",
]

if DEBUG and "demo" in INSTALLED_APPS:
    # `make demo`: says so on #MyWe and chat pages while its second process finishes the world.
    MIDDLEWARE.append("demo.middleware.UnfinishedWorldNotice")

ROOT_URLCONF = "wecommunities.urls"
WSGI_APPLICATION = "wecommunities.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `iso_time` for <time datetime>, in every template (wecommunities/html_time.py).
            "builtins": ["wecommunities.html_time"],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file in the project for the demo and quick tests.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new connection per request costs ~6 ms (docs/performance.md).
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo serves while a second process finishes building its world (demo/build.py): a
    # writer waits for the other rather than fail, and takes the lock when its transaction
    # begins (a read that turns into a write half way could not wait).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=30, transaction_mode="IMMEDIATE")
# Several test runs may share one PostgreSQL server (developers, CI): give each its own database.
# (SQLite tests use Django's in-memory database, private to the run anyway.)
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": envstr("TEST_DATABASE_NAME", f"test_mywe_{os.getpid()}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")


def next_redis_db(url: str) -> str:
    """The same Redis server as `url`, the next database number."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


# Redis: the stream buffer, Celery's broker and the cache. Absent: eager Celery, local cache
# (CACHE_URL alone: eager Celery and a Redis cache).
REDIS_URL = envstr("REDIS_URL")
# The cache must not share the buffer's database: tweets/buffer.py needs a Redis that never
# evicts, a cache wants one that does. Default: the next database number on the same server;
# in production give CACHE_URL a Redis server of its own with maxmemory and allkeys-lru (README).
CACHE_URL = envstr("CACHE_URL", next_redis_db(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "mywe"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions: Django's, read by one plain statement; from the cache when it is shared (Redis), else
# from the database alone (members/session_store.py says why).
SESSION_ENGINE = "members.session_store"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # Archives chats whose window (with grace) has passed, after a last attribution.
    "close-finished-chats": {"task": "chats.close_finished_chats", "schedule": 300.0},
    # Starts members' due follow-graph reads (daily each, or after a rate-limit reset), spread out.
    "schedule-follow-graph-reads": {"task": "members.schedule_follow_graph_reads", "schedule": 600.0},
}

# The Redis stream that buffers raw tweets between the X stream and the archive task.
TWEET_BUFFER_STREAM = envstr("TWEET_BUFFER_STREAM", "tweets:incoming")
# Live archiving (tweets/tasks.py): Beat starts the archive task every ARCHIVE_EVERY_MS; a run
# drains the buffer for up to ARCHIVE_BUDGET seconds. Messages left pending by a dead worker are
# claimed by another after ARCHIVE_CLAIM_AFTER seconds (far longer than a batch takes).
ARCHIVE_EVERY_MS = envint("ARCHIVE_EVERY_MS", 1000)
ARCHIVE_BUDGET = envint("ARCHIVE_BUDGET", 20)
ARCHIVE_CLAIM_AFTER = envint("ARCHIVE_CLAIM_AFTER", 60)
# While PostgreSQL is away the archive task retries with back-off up to this many seconds apart,
# for as long as it takes (tweets/tasks.py).
ARCHIVE_RETRY_MAX = envint("ARCHIVE_RETRY_MAX", 30)
# Every BACKFILL_EVERY seconds a task looks for a gap in what the stream heard (stream down,
# Redis lost) and fills it with recent search (tweets/backfill.py).
BACKFILL_EVERY = envint("BACKFILL_EVERY", 120)
# Deployments (or test runs) sharing one Redis each name their own Celery queues. Archive ticks
# have a queue of their own so that a worker can be dedicated to them (latency).
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_QUEUE", "celery")
ARCHIVE_QUEUE = envstr("ARCHIVE_QUEUE", "archive")
CELERY_BEAT_SCHEDULE["archive-buffer"] = {
    "task": "tweets.archive_buffer",
    "schedule": ARCHIVE_EVERY_MS / 1000,
    # A tick not started within two intervals is dropped: the next one does its work.
    "options": {"queue": ARCHIVE_QUEUE, "expires": 2 * ARCHIVE_EVERY_MS / 1000},
}
CELERY_BEAT_SCHEDULE["recheck-deletions"] = {"task": "tweets.recheck_deletions", "schedule": crontab(hour=3, minute=30)}
CELERY_BEAT_SCHEDULE["backfill-gaps"] = {
    "task": "tweets.backfill_gaps", "schedule": float(BACKFILL_EVERY), "options": {"expires": BACKFILL_EVERY},
}
CELERY_BEAT_SCHEDULE["forget-idle-consumers"] = {"task": "tweets.forget_idle_consumers", "schedule": 3600.0}
# Badges are kept up to date incrementally; a nightly full recompute repairs what no signal told.
CELERY_BEAT_SCHEDULE["recompute-badges"] = {"task": "badges.recompute_all", "schedule": crontab(hour=4, minute=15)}
# After the badges' recompute has rebuilt the interactions the suggestions read.
CELERY_BEAT_SCHEDULE["refresh-suggestions"] = {"task": "suggestions.refresh_all", "schedule": crontab(hour=5, minute=0)}

# X API: app-only bearer token for the stream and search; OAuth 2.0 client for member login.
X_BEARER_TOKEN = envstr("X_BEARER_TOKEN")
X_CLIENT_ID = envstr("X_CLIENT_ID")
X_CLIENT_SECRET = envstr("X_CLIENT_SECRET")
# Where allauth's X provider sends browsers and makes its calls. Tests point these at a fake X.
X_OAUTH_AUTHORIZE_URL = envstr("X_OAUTH_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize")
X_OAUTH_TOKEN_URL = envstr("X_OAUTH_TOKEN_URL", "https://api.x.com/2/oauth2/token")
X_API_BASE_URL = envstr("X_API_BASE_URL", "https://api.x.com")

# What reading X costs (tweets/ledger.py, tweets/budget.py). Rates are dollars per resource read,
# per UTC day (X charges a post or user once a day however often it is read). Today's public
# rates: posts $0.005, users and follower/following lists $0.010 — check them in X's Developer
# Console (https://developer.x.com, Billing) or https://docs.x.com/x-api/getting-started/pricing.
# "post=…,user=…" sets the defaults, "<endpoint>.<kind>=…" one endpoint (endpoints as the ledger
# names them: stream, search, lookup, followers, following, me, token).
X_RATES = envrates("X_RATES", "post=0.005,user=0.010")
# Dollars (or X credits) a month for all reads; unset: counted, never paused. Staff may set it
# live in the admin (tweets.XBudget), which wins over this.
X_MONTHLY_BUDGET = envdecimal("X_MONTHLY_BUDGET")
# stream: the filtered stream, all day. chat-hours: recent search polled every X_POLL_EVERY
# seconds during each scheduled chat, and swept X_SWEEPS_PER_DAY times between chats.
ARCHIVE_MODE = envchoice("ARCHIVE_MODE", "stream", ["stream", "chat-hours"])
X_POLL_EVERY = envint("X_POLL_EVERY", 60)
X_SWEEPS_PER_DAY = envint("X_SWEEPS_PER_DAY", 4)
# A member's follow graph is read at most once per X_FOLLOW_GRAPH_EVERY_DAYS, each list up to
# X_FOLLOW_LIST_CAP accounts (0: no cap).
X_FOLLOW_GRAPH_EVERY_DAYS = envint("X_FOLLOW_GRAPH_EVERY_DAYS", 30)
X_FOLLOW_LIST_CAP = envint("X_FOLLOW_LIST_CAP", 5000)
# The nightly deletion re-check asks about tweets of these ages in days (from-to, comma
# separated): each tweet twice, the day after and a week after (tweets/recheck.py).
X_RECHECK_WINDOWS = [
    (int(young), int(old)) for young, _, old in (w.partition("-") for w in envlist("X_RECHECK_WINDOWS", "0-1,6-7"))
]
CELERY_BEAT_SCHEDULE["poll-chat-hours"] = {
    "task": "tweets.poll_chat_hours", "schedule": float(X_POLL_EVERY), "options": {"expires": X_POLL_EVERY},
}
CELERY_BEAT_SCHEDULE["sweep-between-chats"] = {
    "task": "tweets.sweep_between_chats", "schedule": crontab(hour=f"*/{max(24 // max(X_SWEEPS_PER_DAY, 1), 1)}", minute=7),
}
# Key that encrypts stored OAuth tokens at rest (Fernet); derived from SECRET_KEY if unset.
TOKEN_ENCRYPTION_KEY = envstr("TOKEN_ENCRYPTION_KEY")
# Ed25519 keys that sign the Open Badges credentials (credentials.keys): comma-separated, the
# first signs, all verify. Required with DEBUG off (system check credentials.E001).
BADGE_SIGNING_KEYS = envlist("BADGE_SIGNING_KEYS", "")
BADGE_ISSUER_NAME = envstr("BADGE_ISSUER_NAME", "#MyWe · WeCommunities")
BADGE_ISSUER_EMAIL = envstr("BADGE_ISSUER_EMAIL")  # default: DEFAULT_FROM_EMAIL's address

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/mywe/"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
# Off: allauth would store tokens in plain text; members.XToken keeps them encrypted instead.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_PROVIDERS = {
    "twitter_oauth2": {
        "APP": {"client_id": X_CLIENT_ID, "secret": X_CLIENT_SECRET, "key": ""},
        "SCOPE": ["users.read", "tweet.read", "follows.read", "offline.access"],
        "OAUTH_PKCE_ENABLED": True,
        # Our subclass reads the authorize, token and API URLs from the X_* settings above.
        "provider_class": "members.xoauth.provider.XProvider",
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain in development
        # and tests, which serve straight from static/.
        "BACKEND": envstr(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "wecommunities.static_storage.HashedStaticStorage",
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# Mail: EMAIL_URL (smtp://user:password@host:587?tls=true, see email_url) or the usual EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL. Development
# prints mail to the console; production requires one of them and DEFAULT_FROM_EMAIL.
EMAIL_URL = envstr("EMAIL_URL")
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
if EMAIL_URL:
    globals().update(email_url(EMAIL_URL))
elif not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = envstr("EMAIL_BACKEND", EMAIL_BACKEND)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "#MyWe <noreply@localhost>" if DEBUG else "")
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preload lists are hard to leave: a deployment opts in once HTTPS is settled everywhere.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    # check --deploy asks for preload; off is a choice made above, not an oversight.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOG_LEVEL = envstr("LOG_LEVEL", "INFO").upper()
_QUIET_LEVEL = "INFO" if LOG_LEVEL in {"DEBUG", "NOTSET", "10", "0"} else LOG_LEVEL
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # A 403 or 404 is the site doing its job: its line, without a traceback (wecommunities/errors.py).
    "filters": {"quiet_client_errors": {"()": "wecommunities.errors.QuietClientErrors"}},
    "loggers": {
        "django.request": {"filters": ["quiet_client_errors"]},
        # A line per task run drowns everything else (eager Celery in the demo, busy workers).
        "celery.app.trace": {"level": envstr("CELERY_TASK_LOG_LEVEL", "WARNING")},
        # At DEBUG these log request headers and bodies: members' OAuth bearer tokens and
        # refresh tokens. Never below INFO, whatever LOG_LEVEL says.
        **{name: {"level": _QUIET_LEVEL} for name in ("tweepy", "requests_oauthlib", "oauthlib", "urllib3")},
    },
}

# With DEBUG off, every value production needs, named at once rather than one failure at a time.
_MISSING = [
    name
    for name, value in [
        ("SECRET_KEY", SECRET_KEY),
        ("SITE_URL", SITE_URL),
        ("EMAIL_URL or EMAIL_HOST", EMAIL_URL or EMAIL_HOST or "EMAIL_BACKEND" in os.environ),
        ("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL),
    ]
    if not value
]
if not DEBUG and _MISSING:
    raise ImproperlyConfigured(
        f"Missing settings for production: {', '.join(_MISSING)}. Set them in the environment "
        "(README, Deploy), or DEBUG=true for local development."
    )
