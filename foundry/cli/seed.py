"""`flask seed …`: demo and scale data (refused under the production config)."""

from __future__ import annotations

from flask.cli import AppGroup

group = AppGroup("seed", help="Load demo or scale data (never in production).")
