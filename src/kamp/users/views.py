"""The profile page: who you are, your roles, your password and your API tokens.

Token writes go through :mod:`kamp.users.services`. A new token's secret is shown once, in the
answer to the request that created it, and never stored: only its hash is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kamp.core.forms import add_service_errors
from kamp.organisation.models import Membership
from kamp.users import services
from kamp.users.forms import TokenCreateForm
from kamp.users.models import ApiToken, User

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from kamp.core.http import HtmxHttpRequest


def _me(request: HttpRequest) -> User:
    """The logged-in user (the login middleware keeps anonymous users out)."""
    assert isinstance(request.user, User)
    return request.user


def _tokens_context(user: User, **extra: Any) -> dict[str, Any]:
    return {"tokens": list(user.api_tokens.all()), "form": TokenCreateForm(), **extra}


def _render_tokens(request: HtmxHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The tokens section alone for htmx, or the whole profile page."""
    if request.htmx:
        return render(request, "users/_tokens.html", context)
    user = _me(request)
    memberships = Membership.objects.filter(user=user).select_related("business_unit")
    return render(request, "users/profile.html", {"memberships": memberships, **context})


@require_GET
def profile(request: HtmxHttpRequest) -> HttpResponse:
    """The user, their roles, a link to change the password, and their API tokens."""
    return _render_tokens(request, _tokens_context(_me(request)))


@require_POST
@never_cache
def token_create(request: HtmxHttpRequest) -> HttpResponse:
    """Create a token and show its secret, this once."""
    user = _me(request)
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.token_create(
                actor=user, user=user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context = _tokens_context(user, new_token=token, raw_token=raw)
            return _render_tokens(request, context)
    return _render_tokens(request, _tokens_context(user, form=form))


@require_POST
def token_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token is a 404."""
    user = _me(request)
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    services.token_revoke(actor=user, token=token)
    message = _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    if request.htmx:
        return _render_tokens(request, _tokens_context(user, revoked_message=message))
    messages.success(request, message)
    return redirect("users:profile")
