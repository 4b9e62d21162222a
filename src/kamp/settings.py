"""kamp's one settings module, configured from the environment only.

Operators set ``KAMP_*`` variables; nothing production-only lives in code. ``KAMP_DEBUG`` is off
unless asked for, and a non-debug process refuses to start without ``KAMP_SECRET_KEY`` and
``KAMP_ALLOWED_HOSTS``. ``kamp demo`` turns debug on for itself.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kamp.env import env_bool, env_int, env_list, env_str

# Lets generic classes such as ModelAdmin[Model] be subscripted at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KAMP_DATA_DIR", "var")).resolve()

DEBUG = env_bool("KAMP_DEBUG", default=False)


def _secret_key() -> str:
    """Return the configured key; in debug, generate one once and keep it in the data dir."""
    configured = env_str("KAMP_SECRET_KEY", "")
    if configured:
        return configured
    if not DEBUG:
        raise ImproperlyConfigured(
            "KAMP_SECRET_KEY must be set when KAMP_DEBUG is off (production). "
            "For a local try-out, run `kamp demo` or set KAMP_DEBUG=true."
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("KAMP_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("KAMP_ALLOWED_HOSTS must list the host names kamp is served on.")
CSRF_TRUSTED_ORIGINS = env_list("KAMP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "kamp.core",
    "kamp.users",
    "kamp.organisation",
    "kamp.customers",
    "kamp.accounts",
    "kamp.selection",
    "kamp.programme",
    "kamp.documents",
    "django_tasks_db",
    "kamp.imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kamp.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kamp.urls"
WSGI_APPLICATION = "kamp.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kamp.navigation.navigation",
                "kamp.organisation.context_processors.company",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("KAMP_DATABASE_URL", f"sqlite:///{DATA_DIR / 'kamp.sqlite3'}"),
        conn_max_age=env_int("KAMP_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an import writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("KAMP_TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In debug, files are served straight from the apps (no collectstatic); the empty root keeps
# WhiteNoise from warning that it is missing.
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security: strict unless running in debug on a developer's machine.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("KAMP_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("KAMP_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KAMP_LOG_LEVEL", "WARNING")},
}

# Background work (imports of large files): Django's task framework with the database as the
# queue, so no broker is needed; `kamp serve` starts a worker next to the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Imports: where uploads wait to be read, files above which the upload page hands the work to
# the background worker, and the largest upload accepted.
KAMP_IMPORT_DIR = DATA_DIR / "imports"
KAMP_IMPORT_INLINE_BYTES = env_int("KAMP_IMPORT_INLINE_BYTES", 2_000_000)
KAMP_IMPORT_MAX_BYTES = env_int("KAMP_IMPORT_MAX_BYTES", 1_000_000_000)

# Pagination size of list pages and API lists.
KAMP_PAGE_SIZE = env_int("KAMP_PAGE_SIZE", 25)
