"""Company profiles, the directory students see, and admin vetting."""
