"""CSV exports of the lists each role can see, and the one CSV-response helper."""
