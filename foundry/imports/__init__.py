"""CSV imports (students, companies, graduate outcomes): one service for the web and the CLI."""
