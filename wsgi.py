"""WSGI entry point: `gunicorn wsgi:app`.

Served by gunicorn it runs the production configuration unless FOUNDRY_CONFIG says otherwise,
so a server started with the defaults refuses to run without SECRET_KEY, DATABASE_URL and
BASE_URL instead of serving the development configuration. The `flask` command (which also
finds this file) keeps the development default.
"""

import os
import sys

from foundry import create_app
from foundry.assets import warm

DEFAULT = "production" if "gunicorn" in sys.modules else "development"
app = create_app(os.environ.get("FOUNDRY_CONFIG", DEFAULT))
if "gunicorn" in sys.modules:
    warm()  # plotly.js compressed before the first request, not during a visitor's
