"""Pages that belong to no domain app: the home page, and the API's catch-all 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kamp.organisation.permissions import roles_of

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    """Send members to the customer base; tell a user without a role whom to ask."""
    if request.user.is_superuser or roles_of(request.user):
        return redirect("customers:customer-list")
    return render(request, "no_role.html")


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown URLs under /api/ answer like the API's own 404s."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
