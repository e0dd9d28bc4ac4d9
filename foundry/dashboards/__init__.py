"""Placement-outcome dashboards: metrics (SQL aggregates), privacy, figures and pages."""
