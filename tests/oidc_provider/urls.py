"""The provider's pages: the OpenID endpoints under /openid/ and a plain login form."""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.urls import include, path

urlpatterns = [
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("accounts/login/", LoginView.as_view(template_name="op_login.html"), name="login"),
]
