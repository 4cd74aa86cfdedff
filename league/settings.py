"""Settings for the portal, read from the environment only.

Every variable is documented in `.env.example`. Defaults suit local development
(`DEBUG` on, SQLite); production sets `DEBUG=false` and everything else explicitly.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal refuses to start without it: "
            "set SECRET_KEY in the environment (see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form says what to do, in Ukrainian, inside the portal's layout.
CSRF_FAILURE_VIEW = "league.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "league.apps.AxesConfig",
    "league.apps.TasksConfig",
    "league",
    "communities",
    "roundtables",
    "monitoring",
    "league.campaign",
    "league.advocacy",
    "league.targets",
    "league.notifications",
    "league.timeline",
    "league.reports",
]

MIDDLEWARE = [
    # First, so that static files and error pages carry it too.
    "league.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "league.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "league.middleware.IdleSessionMiddleware",
    "league.middleware.PrivateCacheMiddleware",
    # Deny by default: every view needs a log-in unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of the log-in view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "league.urls"
WSGI_APPLICATION = "league.wsgi.application"
AUTH_USER_MODEL = "league.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "league.context_processors.navigation",
            ],
        },
    },
]

# Django's renderer, with selects drawn in Python (league/rendering.py).
FORM_RENDERER = "league.rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# The history is an audit trail: the admin shows it and never reverts to an old version.
SIMPLE_HISTORY_REVERT_DISABLED = True
LOGOUT_REDIRECT_URL = "login"

# Log-in throttling: 5 failures for one account from one address lock that pair.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy REMOTE_ADDR is the proxy's address, and one person could lock an
# account for everyone. The client's address comes from the proxy's header instead, but
# only as far as the proxies we trust: each of them appends the address it saw, so with N
# trusted proxies the client is the N-th entry from the right; whatever a client wrote
# further left is ignored. With no trusted proxy (the default) the header is not read at all.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
if "AXES_PROXY_COUNT" in os.environ:
    raise ImproperlyConfigured("AXES_PROXY_COUNT is now TRUSTED_PROXY_COUNT (see .env.example).")
AXES_CLIENT_IP_CALLABLE = "league.middleware.client_ip"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True
# Not on for every number: years, ids and versions in forms must stay plain. Figures
# meant for people are grouped explicitly with |intcomma or |money.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
# Uploaded files live outside the static tree and are served only by views
# that ask the permission policy first.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
STORAGES = {
    # Uploads are removed again when the row that stored them is not committed.
    "default": {"BACKEND": "league.uploads.TransactionalStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development WhiteNoise serves straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Quarterly monitoring: reports are due MONITORING_DEADLINE_DAYS after the quarter ends;
# entry stays open until MONITORING_ENTRY_DAYS after it (later, only where staff reopen).
# A figure more than MONITORING_JUMP_FACTOR times the community's average over its last
# MONITORING_JUMP_QUARTERS quarters (or less than that average divided by it) needs a comment.
MONITORING_DEADLINE_DAYS = env_int("MONITORING_DEADLINE_DAYS", 20)
MONITORING_ENTRY_DAYS = env_int("MONITORING_ENTRY_DAYS", 90)
MONITORING_JUMP_FACTOR = env_int("MONITORING_JUMP_FACTOR", 3)
MONITORING_JUMP_QUARTERS = env_int("MONITORING_JUMP_QUARTERS", 4)
# A quarter's report may be submitted or approved only after the quarter's last day
# (entry may open earlier for drafts).
MONITORING_SUBMIT_AFTER_QUARTER_END = env_bool("MONITORING_SUBMIT_AFTER_QUARTER_END", True)

# Counts from 1 to SMALL_COUNT_THRESHOLD are shown as "<5" (threshold + 1) outside the NGO,
# with complementary suppression (league/disclosure.py, docs/disclosure.md).
SMALL_COUNT_THRESHOLD = env_int("SMALL_COUNT_THRESHOLD", 4)
# Checks of a report's authenticity one address may make per hour on /verify/.
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django 6.1's MAILERS: the console in development unless EMAIL_HOST is set; SMTP otherwise.
if env_str("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                # A mail server that does not answer holds a delivery task this long.
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    # Prints each message as readable text (not base64 or encoded words).
    MAILERS = {"default": {"BACKEND": "league.mail_console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
# The portal's address as people reach it: e-mails link to pages under it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A failed delivery is tried again (after 5 minutes, doubling up to 6 hours) until this
# many attempts; then it stays in the admin's outgoing e-mails as failed (league/mail.py).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 10)
# send_reminders: how many days before a monitoring deadline the reminder goes out.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 7)

# Work longer than a request (big exports) runs as a task of Django's tasks framework:
# at once, inside the request, in development and tests; in production through the
# database, picked up by `manage.py db_worker` running next to gunicorn.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in ("immediate", "database"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

# Our pages load nothing from elsewhere and carry no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the portal never uses, refused to every page and anything it might embed
# (league.middleware.PermissionsPolicyMiddleware). File inputs with a camera need none.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Phones are shared in community offices: a session ends when the browser closes, or after
# SESSION_IDLE_MINUTES without a request (league.middleware.IdleSessionMiddleware slides it).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be at least 1.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The load balancer probes /healthz over plain HTTP (SECURE_REDIRECT_EXEMPT is matched
# against the path without its leading slash).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to browser vendors that is slow to undo (every subdomain,
    # HTTPS only, for months): the NGO opts in explicitly once the domain is ready for it.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # W021 asks for preload. Off is a deliberate choice (SECURE_HSTS_PRELOAD above),
        # so the check is silenced only while it is off; on, nothing is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 or 404 is logged in one line; only server errors carry a traceback.
    "filters": {"one_line_refusals": {"()": "league.middleware.OrdinaryRefusalFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs every log-in at INFO; failures and lock-outs come at WARNING.
    "loggers": {
        "django.request": {"filters": ["one_line_refusals"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
