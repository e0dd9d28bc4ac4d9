"""Single sign-on per university (OpenID Connect): providers, the protocol, account linking."""
