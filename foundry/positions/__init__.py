"""The Talent Pool: positions companies publish and students browse."""
