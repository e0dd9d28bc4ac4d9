"""Configuration classes, read from the environment (see README: Configuration)."""

from __future__ import annotations

import os
from datetime import timedelta


def _env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL: str | None = os.environ.get("REDIS_URL")

    # Client addresses: how many reverse proxies in front of the app set X-Forwarded-For /
    # X-Forwarded-Proto. 0 trusts no such header (a client could forge it).
    TRUSTED_PROXY_HOPS = max(0, int(os.environ.get("TRUSTED_PROXY_HOPS", "0")))
    # Strict-Transport-Security max-age in seconds; 0 sends no header (production: one year).
    HSTS_SECONDS = max(0, int(os.environ.get("HSTS_SECONDS", "0")))

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    # Forms
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # i18n
    LANGUAGES = ("en", "zh_Hant")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Hong_Kong"

    # Static assets are served by the app itself: no CDN anywhere.
    BOOTSTRAP_SERVE_LOCAL = True

    # Rate limits (Flask-Limiter): in memory unless Redis is configured.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get(
        "REDIS_URL", "memory://"
    )
    RATELIMIT_HEADERS_ENABLED = True
    # Redis away: requests are served (unlimited, with a logged error) rather than refused.
    RATELIMIT_SWALLOW_ERRORS = True
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    SIGNUP_LIMIT_PER_ADDRESS = "20 per hour"
    PASSWORD_RESET_LIMIT = "10 per hour"  # noqa: S105 — a rate, not a password
    TWO_FACTOR_LIMIT_PER_ACCOUNT = "5 per 15 minutes"

    # Two-factor sign-in (TOTP): roles that must have it (comma-separated; empty for none),
    # how long a code counts before a sensitive action asks again, remembered browsers.
    TWO_FACTOR_REQUIRED_ROLES = tuple(
        role.strip() for role in os.environ.get("TWO_FACTOR_REQUIRED_ROLES", "dean,admin")
        .split(",") if role.strip())
    STEP_UP_MAX_AGE = int(os.environ.get("STEP_UP_MAX_AGE", str(15 * 60)))
    REMEMBER_DEVICE_DAYS = int(os.environ.get("REMEMBER_DEVICE_DAYS", "30"))
    TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Talent Foundry")

    # Caching (Flask-Caching): simple in-process cache unless Redis is configured.
    CACHE_TYPE = "RedisCache" if os.environ.get("REDIS_URL") else "SimpleCache"
    CACHE_REDIS_URL = os.environ.get("REDIS_URL")
    CACHE_DEFAULT_TIMEOUT = 300
    # Dashboards: an entry lives at most DASHBOARD_CACHE_SECONDS; while the data keeps
    # changing it is recomputed at most every DASHBOARD_REFRESH_SECONDS (the page says "as of").
    DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300"))
    DASHBOARD_REFRESH_SECONDS = float(os.environ.get("DASHBOARD_REFRESH_SECONDS", "30"))

    # Mail: every message goes to the outbox table; SMTP too when MAIL_SERVER is set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Talent Foundry <no-reply@talentfoundry.hk>")
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))  # seconds per SMTP connection
    # Delivery: a worker tries MAIL_MAX_ATTEMPTS times, MAIL_RETRY_DELAY seconds apart at first
    # (doubling), then marks the mail failed; the retry job tries failed mail again every
    # MAIL_RETRY_AFTER seconds while it is younger than MAIL_RETRY_WINDOW.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
    MAIL_RETRY_DELAY = int(os.environ.get("MAIL_RETRY_DELAY", "30"))
    MAIL_RETRY_AFTER = int(os.environ.get("MAIL_RETRY_AFTER", str(3600)))
    MAIL_RETRY_WINDOW = int(os.environ.get("MAIL_RETRY_WINDOW", str(3 * 24 * 3600)))

    # Background jobs (Celery): the broker is CELERY_BROKER_URL, else REDIS_URL (RabbitMQ:
    # amqp://…). Without either, tasks run eagerly in process after the commit.
    CELERY_BROKER_URL: str | None = os.environ.get("CELERY_BROKER_URL")
    CELERY_RESULT_BACKEND: str | None = os.environ.get("CELERY_RESULT_BACKEND")

    # Public address of the app, used in e-mailed links (never the request's own Host header,
    # which a client can forge). Falls back to SERVER_NAME, then http://127.0.0.1:5000.
    BASE_URL: str | None = os.environ.get("BASE_URL")

    # Tokens
    INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE", str(7 * 24 * 3600)))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", str(3600)))
    CONFIRMATION_MAX_AGE = int(os.environ.get("CONFIRMATION_MAX_AGE", str(30 * 24 * 3600)))
    EMAIL_VERIFY_MAX_AGE = int(os.environ.get("EMAIL_VERIFY_MAX_AGE", str(3 * 24 * 3600)))

    # Survey campaigns: with eager jobs, "Send invitations" runs the sending job right after
    # the request commits (development, a small campaign); otherwise only the scheduled job
    # (`flask campaigns remind`, every few minutes) sends, never a request. Production: off.
    CAMPAIGN_JOBS_EAGER = _env_bool("CAMPAIGN_JOBS_EAGER", True)

    # Uploads (CVs) live outside static/, in the instance folder unless set.
    UPLOAD_FOLDER: str | None = os.environ.get("UPLOAD_FOLDER")
    # File storage (CVs, import files): "local" (UPLOAD_FOLDER) or "s3" (any S3-compatible
    # store; credentials the standard boto3 way, e.g. AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    S3_BUCKET: str | None = os.environ.get("S3_BUCKET")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    S3_ENDPOINT_URL: str | None = os.environ.get("S3_ENDPOINT_URL")
    S3_REGION: str | None = os.environ.get("S3_REGION")
    MAX_CONTENT_LENGTH = 21 * 1024 * 1024  # imports may be up to 20 MB; CVs are checked at 5 MB
    CV_MAX_BYTES = 5 * 1024 * 1024

    # Disclosure control of every figure shown outside the admin role (foundry/privacy.py;
    # each setting can make the rules stricter, never weaker than these defaults).
    DISCLOSURE_KEY: str | None = os.environ.get("DISCLOSURE_KEY")  # default: from SECRET_KEY
    DISCLOSURE_ROUNDING_BASE = int(os.environ.get("DISCLOSURE_ROUNDING_BASE", "5"))
    DISCLOSURE_MIN_PERCENT_BASE = float(os.environ.get("DISCLOSURE_MIN_PERCENT_BASE", "22.5"))
    DISCLOSURE_MIN_AVERAGE = int(os.environ.get("DISCLOSURE_MIN_AVERAGE", "7"))
    DISCLOSURE_MIN_QUANTILE = int(os.environ.get("DISCLOSURE_MIN_QUANTILE", "10"))
    DISCLOSURE_MONEY_STEP = int(os.environ.get("DISCLOSURE_MONEY_STEP", "1000"))
    POOL_MIN_OTHERS = int(os.environ.get("POOL_MIN_OTHERS", "3"))
    POOL_MAX_SHARE = float(os.environ.get("POOL_MAX_SHARE", "0.75"))
    CONSENT_NOTICE_VERSION = "2026-12"  # who sees what, truthfully (issue 11)
    # External talent (issue 8) accept their own notice, versioned apart from the students'.
    EXTERNAL_NOTICE_VERSION = "ext-2026-12"

    # Observability: JSON log lines with the request id (LOG_FORMAT=text for people), Prometheus
    # metrics at /metrics for the monitoring addresses or METRICS_TOKEN, Sentry with SENTRY_DSN.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    METRICS_ALLOWED_IPS = os.environ.get("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
    METRICS_TOKEN: str | None = os.environ.get("METRICS_TOKEN")
    SENTRY_DSN: str | None = os.environ.get("SENTRY_DSN")
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
    SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))

    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    """Local development: a SQLite file in the instance folder and a random secret kept there
    (`instance/secret_key`, made on first start). Never a constant key: anyone could sign an
    admin's session cookie with it. `wsgi.py` (gunicorn) defaults to production instead."""

    DEBUG = True
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None → instance/secret_key
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None → instance/foundry.db


class TestingConfig(Config):
    """The test suite: in-memory SQLite or TEST_DATABASE_URL; CSRF off unless a test enables it."""

    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 — tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    DASHBOARD_REFRESH_SECONDS = 0  # every write shows at once (tests/dashboards test the bound)
    CACHE_TYPE = "SimpleCache"  # cleared before each test (tests/conftest.py)
    SENTRY_DSN = None
    REDIS_URL = None  # unit tests run jobs eagerly (tests/jobs/test_worker.py uses a broker)
    CELERY_BROKER_URL = None
    MAIL_SERVER = None
    WTF_CSRF_ENABLED = False


class ProductionConfig(Config):
    """Production: secure cookies; refuses to start without SECRET_KEY, DATABASE_URL,
    BASE_URL (e-mailed links must never be built from a request's forgeable Host header) and
    REDIS_URL (rate limits, the dashboard cache and the job broker must be shared by every
    worker: per-process memory serves stale pages and lets limits be multiplied)."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    CAMPAIGN_JOBS_EAGER = _env_bool("CAMPAIGN_JOBS_EAGER", False)
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = max(0, int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600))))

    @classmethod
    def check(cls) -> None:
        """Fail fast when a required secret or database is missing."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "REDIS_URL")
                   if not os.environ.get(name)]
        if os.environ.get("STORAGE_BACKEND") == "s3" and not os.environ.get("S3_BUCKET"):
            missing.append("S3_BUCKET")
        if missing:
            raise RuntimeError(
                "ProductionConfig needs these environment variables: " + ", ".join(missing)
            )


# Read again when an app is created (not only when this module was imported), so a process can
# set them late; the testing config never takes them (its database is dropped and recreated).
ENVIRONMENT_SETTINGS = {"SECRET_KEY": "SECRET_KEY", "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
                        "BASE_URL": "BASE_URL", "REDIS_URL": "REDIS_URL",
                        "CELERY_BROKER_URL": "CELERY_BROKER_URL"}

CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
