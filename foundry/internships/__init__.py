"""Internships: logged by students, confirmed by companies or supervisors, completed."""
