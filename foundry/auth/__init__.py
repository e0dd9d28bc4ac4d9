"""Sign-up, sign-in, invitations and passwords."""
