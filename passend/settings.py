"""Django settings for Passend.

Everything that differs per installation comes from the environment (see README, "Configuratie").
"""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PASSEND_DATA_DIR", BASE_DIR / "data"))
VAR_DIR = Path(os.environ.get("PASSEND_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


DEBUG = env_bool("DEBUG", False)
# Development, tests and the demo (bin/run, bin/test set PASSEND_DEV=1) get a fixed key; anything else
# must set SECRET_KEY, and refuses to start without it.
_DEV = DEBUG or env_bool("PASSEND_DEV", False) or "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not _DEV:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is niet ingesteld. Zet SECRET_KEY in de omgeving (productie) of PASSEND_DEV=1 (ontwikkeling)."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "passend.core",
    "passend.accounts",
    "passend.register",
    "passend.audit",
    "passend.toewijzing",
    "passend.zorgplicht",
    "passend.opp",
    "passend.ouders",
    "passend.thuiszitters",
    "passend.middelen",
    "passend.netwerk",
    "passend.vervoer",
    "passend.steunpunt",
    "passend.api",
    "passend.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "passend.accounts.middleware.ActiveRoleMiddleware",
    "passend.accounts.middleware.LandelijkeRolMiddleware",
    "passend.accounts.middleware.SessionLimitMiddleware",
    "passend.accounts.middleware.TwoFactorMiddleware",
    "passend.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "passend.urls"
WSGI_APPLICATION = "passend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "passend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passend.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'passend.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the task worker read and write side by side.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("PASSEND_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("PASSEND_LOCKOUT_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Sessions: expire after 30 idle minutes and at most 10 hours after login.
SESSION_COOKIE_AGE = int(os.environ.get("PASSEND_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSEND_SESSION_MAX_HOURS = float(os.environ.get("PASSEND_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("PASSEND_SECURE_COOKIES", not DEBUG and bool(os.environ.get("SECRET_KEY")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Two-factor authentication (TOTP) for staff roles. PASSEND_TWO_FACTOR=0 switches it off (the demo does).
PASSEND_TWO_FACTOR = env_bool("PASSEND_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "Passend"

# Keyed hash for a BSN, only if an installation must ever match on it (not used by default; see docs/adr).
PASSEND_BSN_HASH_KEY = os.environ.get("PASSEND_BSN_HASH_KEY", "")

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d-m-Y"
SHORT_DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H:i"
FORMAT_MODULE_PATH = ["passend.formats"]

# --- Static files (all served by the app itself: whitenoise) -------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "passend" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

# --- E-mail: console in the demo, SMTP when EMAIL_HOST is set --------------------------------------------
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Passend <noreply@passend.localhost>")

# --- Caches: per process in memory; job progress in files, so the web server sees what the worker reports ---
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "voortgang": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "voortgang"),
    },
}

# --- Background jobs (django-tasks with its database backend; worker: `passend db_worker`) ---------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PASSEND_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- REST API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "passend.api.authentication.TokenAuthentication",
        "passend.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["passend.api.permissions.ScopedPermission"],
    "DEFAULT_PAGINATION_CLASS": "passend.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "passend.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Passend API",
    "DESCRIPTION": "REST API van Passend, het open platform voor samenwerkingsverbanden passend onderwijs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "persistAuthorization": True},
    # Several models have a field `soort` or `status` with their own choices: name each set after its model.
    "ENUM_NAME_OVERRIDES": {
        "AanvraagSoortEnum": "passend.toewijzing.models.Soort",
        "AanvraagStatusEnum": "passend.toewijzing.models.Status",
        "TlvSoortEnum": "passend.toewijzing.models.TlvSoort",
        "BijlageSoortEnum": "passend.toewijzing.models.Bijlage.Soort",
        "AdviesopdrachtStatusEnum": "passend.toewijzing.models.Adviesopdracht.Status",
        "AanmeldingStatusEnum": "passend.zorgplicht.models.Status",
        "OppVersieStatusEnum": "passend.opp.models.OppVersie.Status",
        "OppStatusEnum": "passend.opp.api.OPP_STATUSSEN",
        "CategorieEnum": "passend.toewijzing.models.Categorie",
        "UitkomstEnum": "passend.toewijzing.models.Bezwaar.Uitkomst",
        "ThuiszitterCategorieEnum": "passend.thuiszitters.models.Categorie",
        "ThuiszitterUitkomstEnum": "passend.thuiszitters.models.Uitkomst",
        "ThuiszitterPartijEnum": "passend.thuiszitters.models.Partij",
    },
}

# --- Security headers -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Behind a reverse proxy that sets X-Forwarded-For, the audit trail may read the client address from it.
PASSEND_TRUST_X_FORWARDED_FOR = env_bool("PASSEND_TRUST_X_FORWARDED_FOR", False)

# Retention of pupil records after the last enrolment ended, in years ([uncertain] in law; see
# passend/register/retention.py). Applied by `passend bewaartermijn --uitvoeren` (run it daily, e.g. from cron).
PASSEND_BEWAARTERMIJN_JAREN = int(os.environ.get("PASSEND_BEWAARTERMIJN_JAREN", "3"))
# The address of this installation, for links in e-mails sent outside a request (e.g. parent invitations).
PASSEND_BASIS_URL = os.environ.get("PASSEND_BASIS_URL", "http://127.0.0.1:8000")

# Steunpunt Passend Onderwijs (passend/steunpunt/). Policy choices, not law.
# Reminder e-mail for an activity, this many days before it starts (`passend steunpunt_herinneringen`, daily).
PASSEND_STEUNPUNT_HERINNERING_DAGEN = int(os.environ.get("PASSEND_STEUNPUNT_HERINNERING_DAGEN", "2"))
# A newsletter confirmation link is valid this many days; an unconfirmed address is deleted after it.
PASSEND_STEUNPUNT_BEVESTIG_DAGEN = int(os.environ.get("PASSEND_STEUNPUNT_BEVESTIG_DAGEN", "7"))
# Participants' names and addresses are deleted this many days after the activity (the counts stay).
PASSEND_STEUNPUNT_DEELNAME_DAGEN = int(os.environ.get("PASSEND_STEUNPUNT_DEELNAME_DAGEN", "90"))
# Helpdesk questions are deleted this many years after they were closed (FAQ's made from them stay).
PASSEND_STEUNPUNT_VRAAG_JAREN = int(os.environ.get("PASSEND_STEUNPUNT_VRAAG_JAREN", "2"))
# The helpdesk's norm for an answer, in working days.
PASSEND_STEUNPUNT_REACTIE_WERKDAGEN = int(os.environ.get("PASSEND_STEUNPUNT_REACTIE_WERKDAGEN", "5"))
# Antenna: cells below this many pupils are shown as "<5" (steunpunt/regels.py KLEIN; never below 5).
PASSEND_ANTENNE_DREMPEL = max(5, int(os.environ.get("PASSEND_ANTENNE_DREMPEL", "5")))
# Antenna: how many school years the trend shows.
PASSEND_ANTENNE_SCHOOLJAREN = int(os.environ.get("PASSEND_ANTENNE_SCHOOLJAREN", "4"))
# Signals: an indicator that moves this many percent from the previous school year, or differs this many percent
# from the national median; a helpdesk theme with at least MINIMAAL questions in 90 days and FACTOR times the
# 90 days before.
PASSEND_ANTENNE_BEWEGING_PROCENT = float(os.environ.get("PASSEND_ANTENNE_BEWEGING_PROCENT", "25"))
PASSEND_ANTENNE_AFWIJKING_PROCENT = float(os.environ.get("PASSEND_ANTENNE_AFWIJKING_PROCENT", "50"))
PASSEND_ANTENNE_THEMA_MINIMAAL = int(os.environ.get("PASSEND_ANTENNE_THEMA_MINIMAAL", "3"))
PASSEND_ANTENNE_THEMA_FACTOR = float(os.environ.get("PASSEND_ANTENNE_THEMA_FACTOR", "1.5"))
