"""`flask users …`: create admins and invite members."""

from __future__ import annotations

from flask.cli import AppGroup

group = AppGroup("users", help="Create admins and invite company members, deans and admins.")
