"""Landing page, role home pages, language switch, notifications and health check."""
