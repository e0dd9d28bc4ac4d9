"""The programme admin's console: universities, faculties, programmes, skills, users,
free-text employers and the (read-only) audit trail."""
