"""Admin console views, grouped by area."""
