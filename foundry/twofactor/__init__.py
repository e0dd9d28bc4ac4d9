"""Two-factor sign-in: TOTP authenticators, recovery codes, remembered devices, step-up."""
