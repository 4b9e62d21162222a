"""Root URLconf: pages per app, the API under /api/, and Django's admin for staff."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from kamp import sso, views
from kamp.api import api
from kamp.ops.health import healthz

#: A crash outside an API operation still answers JSON under /api/ (see kamp.api).
handler500 = "kamp.api.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("profile/", include("kamp.users.urls")),
    path("customers/", include("kamp.customers.urls")),
    path("selection/", include("kamp.selection.urls")),
    path("accounts/", include("kamp.accounts.urls")),
    path("programme/", include("kamp.programme.urls")),
    path("change/", include("kamp.change.urls")),
    path("documents/", include("kamp.documents.urls")),
    path("imports/", include("kamp.imports.urls")),
    path("casting/", include("kamp.casting.urls")),
    path("company/", include("kamp.organisation.urls")),
    path("api/", api.urls),
    re_path(r"^api/", views.api_not_found),  # JSON, not an HTML page, for API clients
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("oidc/authenticate/", sso.authentication_init, name="oidc_authentication_init"),
    path("oidc/callback/", sso.authentication_callback, name="oidc_authentication_callback"),
]
