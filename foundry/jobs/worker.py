"""The Celery entry point, like wsgi.py for gunicorn:

    celery -A foundry.jobs.worker:celery_app worker      (and: … beat)

Like wsgi.py under gunicorn, it runs the production configuration unless FOUNDRY_CONFIG says
otherwise (honcho locally: FOUNDRY_CONFIG=development).
"""

import os

from foundry import create_app

flask_app = create_app(os.environ.get("FOUNDRY_CONFIG", "production"))
celery_app = flask_app.extensions["celery"]
