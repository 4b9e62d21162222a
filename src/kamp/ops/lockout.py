"""What a locked-out login sees: the login page again, saying why and for how long."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout callable: the login form with the lockout message, status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff is not None else None
    # Unbound: validating the posted form would try the password again.
    form = AuthenticationForm(request)
    context = {"form": form, "locked_out": True, "lockout_minutes": minutes}
    return render(request, "registration/login.html", context, status=429)
