"""Services shared by every feature: audit trail, mail outbox, notifications."""
