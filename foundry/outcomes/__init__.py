"""Graduate destinations: the first-destination survey and staff-recorded outcomes."""
