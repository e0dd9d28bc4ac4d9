"""JSON API v1 under /api/v1: bearer tokens, the same permission rules as the pages."""
