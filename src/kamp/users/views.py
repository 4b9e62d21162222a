"""The profile page: who you are, your roles, your password and your API tokens.

Token writes go through :mod:`kamp.users.services`. A new token's secret is shown once, in the
answer to the request that created it, and never stored: only its hash is kept. Cards that other
apps own (the roles, from ``organisation``) come through :mod:`kamp.users.profile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kamp.core.forms import call_service
from kamp.users import selectors, services
from kamp.users.forms import TokenCreateForm
from kamp.users.profile import profile_sections

if TYPE_CHECKING:
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest
    from kamp.users.models import User


def _tokens_context(user: User, **extra: Any) -> dict[str, Any]:
    return {"tokens": selectors.token_list(user=user), "form": TokenCreateForm(), **extra}


def _render_tokens(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The tokens section alone for htmx, or the whole profile page."""
    if request.htmx:
        return render(request, "users/_tokens.html", context)
    sections = profile_sections(request.user)
    return render(request, "users/profile.html", {"profile_sections": sections, **context})


@require_GET
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user, their roles, a link to change the password, and their API tokens."""
    return _render_tokens(request, _tokens_context(request.user))


@require_POST
@never_cache
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a token and show its secret, this once."""
    user = request.user
    form = TokenCreateForm(request.POST)
    if form.is_valid() and (
        done := call_service(
            form,
            lambda: services.token_create(actor=user, user=user, name=form.cleaned_data["name"]),
        )
    ):
        token, raw = done.value
        return _render_tokens(request, _tokens_context(user, new_token=token, raw_token=raw))
    return _render_tokens(request, _tokens_context(user, form=form))


@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token is a 404."""
    user = request.user
    token = selectors.token_of(user=user, pk=pk)
    if token is None:
        raise Http404
    services.token_revoke(actor=user, token=token)
    message = _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    if request.htmx:
        return _render_tokens(request, _tokens_context(user, revoked_message=message))
    messages.success(request, message)
    return redirect("users:profile")
