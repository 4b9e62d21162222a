"""A tiny OpenID provider (django-oidc-provider) that the SSO test runs in its own process."""
