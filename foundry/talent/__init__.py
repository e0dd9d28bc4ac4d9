"""External talent (issue 8): self sign-up with any e-mail, their profile and notice."""
