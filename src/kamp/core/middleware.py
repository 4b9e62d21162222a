"""Every page requires login, except the login page itself and the API (which answers 401)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponseBase


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's middleware, leaving ``/api/`` to the API's own token or session auth."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
