"""Skills-gap feedback companies give at the end of an internship."""
