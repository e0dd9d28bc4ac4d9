"""`flask` command groups. Commands call services and commit once; they never run raw SQL."""

from __future__ import annotations

import importlib

from flask import Flask

# Each module exposes a click group named `group`.
COMMAND_GROUPS = (
    "foundry.cli.users",
    "foundry.cli.seed",
    "foundry.cli.imports",
    "foundry.cli.tokens",
    "foundry.cli.campaigns",
    "foundry.cli.jobs",
    "foundry.cli.dashboards",
)


def install(app: Flask) -> None:
    """Register every command group on the app."""
    for module_name in COMMAND_GROUPS:
        app.cli.add_command(importlib.import_module(module_name).group)
