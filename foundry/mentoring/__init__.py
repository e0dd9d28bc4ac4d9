"""Mentoring: mentor and mentee opt-in, suggestions, requests, pairs, goals and sessions."""
