"""Settings for gentintl, configured by environment variables.

See the configuration table in README.md. Production runs with DJANGO_DEBUG off and
requires DJANGO_SECRET_KEY; a fresh clone runs on an SQLite file in the project folder.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "", environ=os.environ) -> list[str]:
    return [item.strip() for item in environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "import_export",
    "simple_history",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gentintl",
    "partnerships",
    "pressroom",
    "seeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gentintl.middleware.SessionRefreshMiddleware",
    "gentintl.middleware.DutchByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "gentintl.middleware.PrivatePagesMiddleware",
    "gentintl.middleware.NulParameterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout into a clear page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gentintl.backends.PermissionBackend",
]

ROOT_URLCONF = "gentintl.urls"
WSGI_APPLICATION = "gentintl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gentintl" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Requests that write at the same time (two confirms of one import, an edit during an
    # import) wait for each other instead of failing with "database is locked": each
    # transaction takes the write lock when it begins, so a read that goes on to write
    # cannot deadlock with another writer; it waits up to 20 s; and in WAL mode reads go on
    # while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gentintl" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gentintl" / "static"]
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
MEDIA_ROOT = BASE_DIR / "media"
# In development and tests whitenoise serves straight from the source folders; production
# serves the collected, hashed copies.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Change history older than this is removed by `clean_old_history` (see README).
HISTORY_RETENTION_DAYS = int(os.environ.get("DJANGO_HISTORY_RETENTION_DAYS", "730"))

# Countries are shown in the UI language; Belgium's own names come first in lists.
COUNTRIES_FIRST = ["BE"]

# Production hardening; each is overridable for a TLS-terminating proxy setup.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, opted into now
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 60 * 60)))

# Every asset is served from this host: no CDN, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling: after 5 failures for one user name from one address, that pair waits
# 15 minutes. Locking by the pair means an attacker cannot lock staff out everywhere.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"audit": {"format": "AUDIT %(message)s"}},
    "filters": {"refused_access": {"()": "gentintl.audit.RefusedAccessFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "audit": {"class": "logging.StreamHandler", "formatter": "audit"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "gentintl.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        # A refused request is one audit line (gentintl.audit), not a warning and a trace.
        "django.request": {"filters": ["refused_access"]},
        # WeasyPrint (the yearly report's PDF) reports each step and every CSS rule it
        # does not know (the screen's media queries) at INFO and WARNING; keep its errors.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},  # WeasyPrint's font subsetting, one line per font
    },
}

# Import and export are permissions of their own ("import_city", "export_city"...).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Spreadsheet imports: limits checked before a file is parsed, and how long an
# unconfirmed preview is kept (in the database, so any app server can confirm it).
SPREADSHEET_MAX_BYTES = int(os.environ.get("DJANGO_SPREADSHEET_MAX_BYTES", str(10 * 1024 * 1024)))
SPREADSHEET_MAX_ROWS = int(os.environ.get("DJANGO_SPREADSHEET_MAX_ROWS", "50000"))
SPREADSHEET_PENDING_MINUTES = int(os.environ.get("DJANGO_SPREADSHEET_PENDING_MINUTES", "60"))

# E-mail (renewal reminders): SMTP from the environment; see the README.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_STARTTLS")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_SSL")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "gentintl <noreply@stad.gent>")
# The address links in e-mails start with, and who gets a reminder nobody is responsible for.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
REMINDERS_FALLBACK_TO = env_list("DJANGO_REMINDERS_FALLBACK_TO", "")

# The read API under /api/ (README, "Read API"): session or personal token, the pages'
# permissions, read-only, throttled per user. Throttle counts live in the default cache,
# per process; several app servers each count their own requests.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is told how to give them (401).
        "gentintl.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gentintl.permissions.ViewPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "gentintl.pagination.ApiPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["gentintl.permissions.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("DJANGO_API_THROTTLE_RATE", "2000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gentintl.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,  # budgets as numbers, for a report to add up
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gentintl API",
    "DESCRIPTION": (
        "Read-only access to Ghent's international relations: the dashboard's lists with "
        "their filters. Authenticate with `Authorization: Bearer <token>` (a personal token "
        "made on your profile page) or a logged-in session. Contacts' e-mail, phones and "
        "address are only in the answers for users with the personal-data permission."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator: nothing leaves this host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}


def sso_settings(environ) -> dict:
    """Single sign-on with the city's identity provider (README, "Single sign-on"): the
    settings mozilla-django-oidc and gentintl.sso read, none without OIDC_RP_CLIENT_ID."""
    client_id = environ.get("OIDC_RP_CLIENT_ID", "").strip()
    if not client_id:
        return {"OIDC_ENABLED": False}
    required = [
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_ISSUER",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ]
    missing = [name for name in required if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so single sign-on also needs {', '.join(missing)} "
            "(see README, 'Single sign-on')."
        )
    found = {name: environ[name].strip() for name in required}
    logout_endpoint = environ.get("OIDC_OP_LOGOUT_ENDPOINT", "").strip()
    policy = CONTENT_SECURITY_POLICY["DIRECTIVES"]
    # Logging out posts a form that ends at the provider's logout page.
    logout_origin = urlsplit(logout_endpoint)._replace(path="", query="", fragment="").geturl()
    form_action = [*policy["form-action"], *([logout_origin] if logout_endpoint else [])]
    return {
        **found,
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_OP_LOGOUT_ENDPOINT": logout_endpoint,
        "OIDC_RP_SIGN_ALGO": environ.get("OIDC_RP_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": environ.get("OIDC_RP_SCOPES", "openid profile email"),
        "OIDC_USERNAME_CLAIM": environ.get("OIDC_USERNAME_CLAIM", "preferred_username"),
        "OIDC_GROUPS_CLAIM": environ.get("OIDC_GROUPS_CLAIM", "groups"),
        # Which of the provider's groups make someone one of our Editors or Managers.
        "OIDC_GROUPS": {
            "Editors": env_list("OIDC_EDITORS_GROUPS", environ=environ),
            "Managers": env_list("OIDC_MANAGERS_GROUPS", environ=environ),
        },
        "OIDC_USE_PKCE": True,
        "OIDC_STORE_ID_TOKEN": True,  # the hint that ends the provider's session at logout
        "OIDC_OP_LOGOUT_URL_METHOD": "gentintl.sso.provider_logout_url",
        "OIDC_TIMEOUT": int(environ.get("OIDC_TIMEOUT", "10")),
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/",
        "AUTHENTICATION_BACKENDS": [*AUTHENTICATION_BACKENDS, "gentintl.sso.CityAccountBackend"],
        # A refused token is no guessed password: it does not count towards a lockout, which
        # would lock out everyone behind the city's proxy (one address, no user name).
        "AXES_WHITELIST_CALLABLE": "gentintl.sso.is_single_sign_on",
        "CONTENT_SECURITY_POLICY": {
            **CONTENT_SECURITY_POLICY,
            "DIRECTIVES": {**policy, "form-action": form_action},
        },
    }


globals().update(sso_settings(os.environ))
