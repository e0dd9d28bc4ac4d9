"""Applications to positions and the company pipeline."""
