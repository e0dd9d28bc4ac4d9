"""First-destination survey campaigns: invitations, reminders, answers without signing in,
progress, employer confirmation and first-destination reports."""
