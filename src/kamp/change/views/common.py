"""What the change pages share: a form bound to the POST that names it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.utils.translation import gettext as _

from kamp.core.forms import call_service

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.forms import BaseForm

    from kamp.users.http import AuthenticatedHttpRequest


def posted(request: AuthenticatedHttpRequest, name: str, form_class: Any, **kwargs: Any) -> Any:
    """The form bound to the POST if the POST names ``name`` in ``form``, else an unbound one.

    Field ids start with ``name``, so labels stay unique when a page carries several forms.
    """
    kwargs.setdefault("auto_id", f"{name}-%s")
    if request.method == "POST" and request.POST.get("form") == name:
        return form_class(request.POST, **kwargs)
    return form_class(**kwargs)


def saved(request: AuthenticatedHttpRequest, form: BaseForm, call: Callable[[], object]) -> bool:
    """Validate ``form`` and run the service; its errors land on the form."""
    if form.is_bound and form.is_valid() and call_service(form, call):
        messages.success(request, _("Saved."))
        return True
    return False
