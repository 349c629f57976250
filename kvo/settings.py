"""Settings for the KVO trajectory manager, read from the environment (see .env.example).

Embedded defaults give a working development setup: SQLite in the project folder, Celery tasks
run in-process and mail printed to the console. Production (DJANGO_DEBUG off) refuses to start
without SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kvo.logs import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG off) needs SECRET_KEY and ALLOWED_HOSTS."
        )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "kvo.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "leaflet",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "kvo.apps.AxesConfig",
    "csp",
    "django_ratelimit",
    "django_otp",
    "kvo.apps.TotpConfig",
    "kvo.apps.StaticConfig",
    "kvo",
    "trajects",
    "schouwen",
    "actiepunten",
    "enquetes",
    "audits",
    "werkplek",
]

MIDDLEWARE = [
    "kvo.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kvo.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kvo.tweestap.TweestapMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "kvo.urls"
WSGI_APPLICATION = "kvo.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails a request (and /gezondheid/) instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "kvo.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "trajects:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Throttle repeated failed logins per account and address, with a cool-off (no permanent lockout).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Two-factor sign-in (django-otp, kvo/tweestap.py): an authenticator app plus recovery codes.
# Required for these roles ("staff", "coordinator"); optional for everybody through the
# "Beveiliging" page. Off by default in development so the demo logins work with a password
# alone; on by default in production.
MFA_REQUIRED_ROLES = env.list(
    "MFA_REQUIRED_ROLES", default=[] if DEBUG else ["staff", "coordinator"]
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="KVO-trajectbeheer")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # staff never see someone's secret key in the admin
# Behind N reverse proxies that append to X-Forwarded-For, set TRUSTED_PROXY_COUNT=N; with 0 the
# socket address counts (a client cannot choose it, so it cannot dodge the throttle).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "kvo.access.client_ip"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are private: there is no MEDIA_URL route; views check membership and stream the file.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES: dict[str, dict] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media on S3-compatible object storage (AWS S3, MinIO, Ceph, a cloud provider's) when S3_BUCKET
# is set; see docs/operations.md. The bucket stays private: the app never hands out its URLs,
# every file still goes through the membership check (kvo/downloads.py) and PDFs read photos
# through the storage API (kvo/pdf.py).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    from botocore.config import Config as BotoConfig

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "location": env("S3_PREFIX", default="").strip("/"),
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            # Unset: boto3's own chain (AWS_ACCESS_KEY_ID, an instance role, ~/.aws).
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            # No ACL on upload: the bucket's own (private) setting applies; AWS buckets with
            # ACLs disabled would refuse one.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,  # like the local folder: a name is never reused
            "max_memory_size": 10 * 1024 * 1024,  # downloads above this spool to a temp file
            "client_config": BotoConfig(
                signature_version="s3v4",
                s3={"addressing_style": env("S3_ADDRESSING_STYLE", default="auto")},
                connect_timeout=env.float("S3_CONNECT_TIMEOUT", default=5),
                read_timeout=env.float("S3_READ_TIMEOUT", default=30),
                retries={"max_attempts": 3, "mode": "standard"},
                # Only the checksums S3 requires: other S3-compatible servers may not know the
                # newer ones.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DOCUMENT_MAX_MB = env.int("DOCUMENT_MAX_MB", default=25)
INVITE_MAX_AGE_DAYS = env.int("INVITE_MAX_AGE_DAYS", default=14)
# Who may start a trajectory (and add organisations and areas for it): staff, users holding the
# trajects.add_traject permission (Django admin), and members with one of these app roles in any
# trajectory. Empty: staff and permission holders only. See docs/rechten.md.
TRAJECT_STARTEN_ROLLEN = env.list("TRAJECT_STARTEN_ROLLEN", default=["coordinator"])
# Photos (kvo/images.py): upload cap per file and pixel cap against decompression bombs.
PHOTO_MAX_MB = env.int("PHOTO_MAX_MB", default=15)
PHOTO_MAX_MEGAPIXELS = env.int("PHOTO_MAX_MEGAPIXELS", default=64)
# Open findings of the same category within this many metres are possible duplicates
# (the warning while capturing, the suggested groups on the triage page).
BEVINDING_DUBBEL_METERS = env.float("BEVINDING_DUBBEL_METERS", default=25)
# A photo's own (EXIF) position further than this from the area's centre is offered on the
# capture page, never used on its own (a photo taken elsewhere).
FOTO_POSITIE_MAX_METERS = env.float("FOTO_POSITIE_MAX_METERS", default=1500)
# Dutch addresses from the PDOK Locatieserver (kvo/pdok.py): the API's base URL, e.g.
# https://api.pdok.nl/bzk/locatieserver/search/v3_1 (free, no key); empty: no address search.
# The timeout bounds connecting, each read and the whole answer (at worst about twice it in
# all), so a slow PDOK holds a request only briefly.
PDOK_LOCATIESERVER_URL = env("PDOK_LOCATIESERVER_URL", default="")
PDOK_TIMEOUT_SECONDS = env.float("PDOK_TIMEOUT_SECONDS", default=3)
# Survey (enquetes): link lifetime, CSV upload cap, smallest group whose answers are shown.
ENQUETE_LINK_MAX_AGE_DAYS = env.int("ENQUETE_LINK_MAX_AGE_DAYS", default=60)
ENQUETE_CSV_MAX_MB = env.float("ENQUETE_CSV_MAX_MB", default=2)
# The largest request body the proxy accepts (nginx client_max_body_size, deploy/): room for a
# batch of phone photos, and for a file over its own limit to reach the app's Dutch refusal.
UPLOAD_REQUEST_MAX_MB = env.int(
    "UPLOAD_REQUEST_MAX_MB", default=max(100, 2 * DOCUMENT_MAX_MB, 2 * PHOTO_MAX_MB)
)
ENQUETE_MIN_GROEP = env.int("ENQUETE_MIN_GROEP", default=5)

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: console in development unless EMAIL_URL is set.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="KVO-trajectbeheer <kvo@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every SMTP socket operation gives up after this many seconds (a stalled server costs one
# attempt of one mail, which the outbox retries).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)

# Outbox (kvo/outbox.py): every mail is a row, sent by the relay after commit and by the
# catch-up below. A claimed row whose sender died is due again after OUTBOX_CLAIM_SECONDS
# (well above the longest SMTP exchange); failed attempts wait OUTBOX_RETRY_SECONDS, doubling
# up to OUTBOX_RETRY_MAX_SECONDS; after OUTBOX_OPGEVEN_NA_UUR a mail still not sent is failed.
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=300)
OUTBOX_RETRY_SECONDS = env.float("OUTBOX_RETRY_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_OPGEVEN_NA_UUR = env.int("OUTBOX_OPGEVEN_NA_UUR", default=72)
OUTBOX_INHAAL_SECONDEN = env.float("OUTBOX_INHAAL_SECONDEN", default=60)
OUTBOX_RUN_SECONDS = env.int("OUTBOX_RUN_SECONDS", default=240)
OUTBOX_MESSAGE_ID_DOMAIN = env(
    "OUTBOX_MESSAGE_ID_DOMAIN", default=urlsplit(SITE_URL).hostname or "localhost"
)

# Celery: without REDIS_URL tasks run in-process (eager); with it, a real worker on Redis.
REDIS_URL = env("REDIS_URL", default="")
# Every connection to Redis (broker, result backend, cache) gives up after this many seconds,
# so a frozen Redis costs a request at most a couple of seconds, never a web worker.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)
# Eager tasks still pass a producer; "localhost" spares kombu's warning that a host is missing.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
# Publishing after a commit is best effort (kvo/wachtrij.py): no retry loop in the request.
CELERY_TASK_PUBLISH_RETRY = False
# The worker waits for a lost broker however long it is away (the default gives up after 100
# tries and exits), also when Redis is not up yet at start.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Broker messages only wake the worker: the work itself is a database row with a catch-up
    # (the outbox, the PDF jobs, the sweeps), so a message lost with a killed worker costs a
    # delay. Without ack emulation kombu keeps no unacknowledged messages to restore, which
    # avoids its crash on broker loss (kombu 5.7: a worker holding an unacknowledged task, e.g.
    # one waiting for its ETA, exits with AttributeError in restore_unacked when Redis goes away;
    # tests/faults shows the worker surviving).
    "ack_emulation": False,
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    # kombu's own connection retries when publishing: one try, then the caller gives up.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Periodic jobs: each app adds its entries here, each with a comment saying when it runs.
# Run exactly one `celery beat` process per installation. "task" is the Celery name, which a
# task keeps when its function is renamed (tests/kvo/test_taken.py checks each one exists).
CELERY_BEAT_SCHEDULE = {}
# Outbox catch-up: every OUTBOX_INHAAL_SECONDEN (a minute), send every due mail, including
# those whose enqueue after commit was lost and those whose sender died.
CELERY_BEAT_SCHEDULE["kvo-berichten-versturen"] = {
    "task": "kvo.tasks.berichten_versturen",
    "schedule": timedelta(seconds=OUTBOX_INHAAL_SECONDEN),
    "options": {"expires": OUTBOX_INHAAL_SECONDEN * 5},
}
# Jobs catch-up: every OUTBOX_INHAAL_SECONDEN (a minute), enqueue report and dossier jobs whose
# task was lost, and retry or fail those whose worker died (kvo/opdrachten.py).
CELERY_BEAT_SCHEDULE["kvo-opdrachten-inhalen"] = {
    "task": "kvo.tasks.opdrachten_inhalen",
    "schedule": timedelta(seconds=OUTBOX_INHAAL_SECONDEN),
    "options": {"expires": OUTBOX_INHAAL_SECONDEN * 5},
}
# Audits: every day at 06:00, generate and mail the dossier of audits coming up within
# DOSSIER_DAGEN_VOOR_AUDIT days (once per recipient).
CELERY_BEAT_SCHEDULE["audits-dossier-versturen"] = {
    "task": "audits.tasks.dossiers_versturen", "schedule": crontab(hour=6, minute=0),
}
# Audits: every day at 06:15, remind coordinators 6 and 3 months before a certificate expires.
CELERY_BEAT_SCHEDULE["audits-certificaat-herinneringen"] = {
    "task": "audits.tasks.certificaat_herinneringen", "schedule": crontab(hour=6, minute=15),
}
# Retention (AVG, audits/bewaartermijn.py): every night at 03:30, remove photos of closed findings
# and the personal data of people whose membership ended, BEWAARTERMIJN_DAGEN after the
# certificate that closed their cycle. Each removal is logged once (admin: Opschoningen).
CELERY_BEAT_SCHEDULE["audits-bewaartermijn"] = {
    "task": "audits.tasks.bewaartermijn", "schedule": crontab(hour=3, minute=30),
}
BEWAARTERMIJN_DAGEN = env.int("BEWAARTERMIJN_DAGEN", default=365)
# In-app notifications (trajects/meldingen.py) older than this many days, read or not, are
# removed every night at 03:45.
MELDINGEN_BEWAREN_DAGEN = env.int("MELDINGEN_BEWAREN_DAGEN", default=365)
CELERY_BEAT_SCHEDULE["trajects-meldingen-opruimen"] = {
    "task": "trajects.tasks.meldingen_opruimen", "schedule": crontab(hour=3, minute=45),
}
# Audits: a worker that renders dossiers restarts its child above this many KiB (memory cap).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
AUDIT_TOEGANG_DAGEN_NA_AUDIT = env.int("AUDIT_TOEGANG_DAGEN_NA_AUDIT", default=30)
DOSSIER_DAGEN_VOOR_AUDIT = env.int("DOSSIER_DAGEN_VOOR_AUDIT", default=14)
DOSSIER_SOFT_TIME_LIMIT = env.int("DOSSIER_SOFT_TIME_LIMIT", default=240)
# After a negative audit: the repair deadline proposed when the auditor gives none (months).
HERSTEL_STANDAARD_MAANDEN = env.int("HERSTEL_STANDAARD_MAANDEN", default=3)
# Re-certification (the next cycle) may start this many months before the certificate ends.
HERCERTIFICERING_MAANDEN_VOOR_EINDE = env.int("HERCERTIFICERING_MAANDEN_VOOR_EINDE", default=12)

# Action items (actiepunten). Exactly one beat process runs; the sweeps are idempotent anyway.
CELERY_BEAT_SCHEDULE["actiepunten-herinneringen"] = {
    # Every day at 07:00 Europe/Amsterdam: deadline, overdue, escalation and meeting reminders
    # for every day since the last run (and a weekly digest whose Monday run was missed). The
    # outbox sends the mails and retries failures.
    "task": "actiepunten.tasks.herinneringen_sweep",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["actiepunten-weekoverzicht"] = {
    # Mondays at 07:30 Europe/Amsterdam: each user's weekly digest of open action items.
    "task": "actiepunten.tasks.overzichten_sweep",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
}
CELERY_BEAT_SCHEDULE["enquetes-automatische-herinnering"] = {
    # Every day at 09:00 Europe/Amsterdam: the opt-in survey reminder three days before closing.
    "task": "enquetes.tasks.herinner_automatisch",
    "schedule": crontab(hour=9, minute=0),
}
# Links for entrepreneurs without an account stay valid this long (and until used to report done).
ACTIEPUNT_LINK_MAX_AGE_DAYS = env.int("ACTIEPUNT_LINK_MAX_AGE_DAYS", default=60)

CACHES = {
    "default": {
        # Django's RedisCache, answering a miss instead of raising when Redis is away.
        "BACKEND": "kvo.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Rate limits (django-ratelimit, kvo/ratelimits.py) on public and expensive endpoints, counted in
# the cache above: with REDIS_URL shared by every web process, on the embedded defaults in the
# one development process. A limited request gets the Dutch 429 page and changes nothing.
RATELIMIT_VIEW = "kvo.views.te_veel_verzoeken"
RATELIMIT_IP_META_KEY = "kvo.access.client_ip"  # the trusted-proxy logic of login throttling
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# When the cache (Redis) cannot count, let the request through rather than refuse it: a Redis
# outage costs the limits for a while, never the pages (kvo/cache.py).
RATELIMIT_FAIL_OPEN = True
RATELIMIT_CERTIFICAAT = env("RATELIMIT_CERTIFICAAT", default="30/m")  # lookups per address
RATELIMIT_WACHTWOORD_ACCOUNT = env("RATELIMIT_WACHTWOORD_ACCOUNT", default="3/h")
RATELIMIT_WACHTWOORD_ADRES = env("RATELIMIT_WACHTWOORD_ADRES", default="10/h")
RATELIMIT_LINKS = env("RATELIMIT_LINKS", default="30/m")  # link pages, per address
RATELIMIT_GENEREREN = env("RATELIMIT_GENEREREN", default="20/h")  # PDF requests per user
RATELIMIT_ADRESSEN = env("RATELIMIT_ADRESSEN", default="60/m")  # PDOK address lookups per user
# django-ratelimit wants memcached or django-redis; Django's own RedisCache increments
# atomically too (W001), and the local-memory cache is right for the single development process
# (E003). Production runs with REDIS_URL (Celery needs it anyway).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

LEAFLET_CONFIG = {
    "TILES": env(
        "LEAFLET_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ),
    "ATTRIBUTION_PREFIX": "OpenStreetMap",
    "DEFAULT_CENTER": (52.0, 4.17),
    "DEFAULT_ZOOM": 15,
    "RESET_VIEW": False,
}

# /gezondheid/ (kvo/health.py): each check's time limit, and how old beat's heartbeat may get.
HEALTH_TIMEOUT_SECONDS = env.float("HEALTH_TIMEOUT_SECONDS", default=3)
HEALTH_BEAT_MAX_AGE = timedelta(minutes=env.int("HEALTH_BEAT_MAX_AGE_MINUTES", default=15))
# Every 5 minutes: beat's heartbeat, run by a worker (expires unrun after 4 minutes, so a stalled
# queue does not pile them up).
CELERY_BEAT_SCHEDULE["kvo-hartslag"] = {
    "task": "kvo.tasks.hartslag", "schedule": timedelta(minutes=5), "options": {"expires": 240},
}


def tile_origin(template: str) -> str | None:
    """The origin of a Leaflet tile URL template, for the CSP: `{s}` subdomains become `*`."""
    parts = urlsplit(template)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else None


# Content-Security-Policy (django-csp, kvo/security.py) on every HTML page: scripts, styles and
# fonts only from our own static files (no inline script, style attribute or event handler),
# images also from the map tile server. Files (photos, PDFs, exports) get a sandbox policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # The one inline style attribute of a dependency's template (django-simple-history's
        # admin history page: style="border-top: 0"), allowed by its hash and nothing else.
        "style-src-attr": [
            "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        # data: for the small SVG icons inside Bootstrap's stylesheet (select arrow, menu icon).
        "img-src": ["'self'", "data:", *filter(None, [tile_origin(LEAFLET_CONFIG["TILES"])])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features: camera (photo capture) and position (a finding's map point) for our own
# pages only; everything else that could watch or track a user is off.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "hid": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "browsing-topics": [],
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers check over plain HTTP on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Errors and logs (kvo/logs.py). Every log line carries the request id; LOG_FORMAT=json writes
# one JSON object per line for a log collector. Server errors go to Sentry when SENTRY_DSN is set,
# otherwise by mail to ADMINS ("Naam <adres>, ..."). Trust the proxy's X-Request-ID only when
# the proxy always sets it itself (deploy/nginx does); a client could choose it otherwise.
TRUST_X_REQUEST_ID = env.bool("TRUST_X_REQUEST_ID", default=False)
ADMINS = [parseaddr(a) for a in env.list("ADMINS", default=[])]
SENTRY_DSN = env("SENTRY_DSN", default="")
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOGGING = logging_config(json=LOG_FORMAT == "json", level=env("LOG_LEVEL", default="INFO"))
# The worker logs through LOGGING above (request ids, JSON) instead of its own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# pypdf warns about every oddity of an uploaded PDF; refused ones get a message instead.
LOGGING["loggers"]["pypdf"] = {"level": "ERROR"}
SIMPLE_HISTORY_REVERT_DISABLED = True  # history is append-only: no "revert" in admin
