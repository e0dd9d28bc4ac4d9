"""The Celery entry point, like wsgi.py for gunicorn:

    celery -A foundry.jobs.worker:celery_app worker      (and: … beat)
"""

from foundry import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
