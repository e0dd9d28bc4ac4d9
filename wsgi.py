"""WSGI entry point: `gunicorn wsgi:app`."""

from foundry import create_app

app = create_app()
