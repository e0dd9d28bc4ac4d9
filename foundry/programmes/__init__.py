"""Programmes (GIP, themed drives, a career day's pool) and the GIP selection cycle."""
