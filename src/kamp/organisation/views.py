"""Pages of the organisation app: the company's settings (its currency), for the director."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kamp.core.forms import call_service
from kamp.organisation.forms import CompanySettingsForm
from kamp.organisation.permissions import can_change_company_settings
from kamp.organisation.selectors import company_settings
from kamp.organisation.services import company_settings_update

if TYPE_CHECKING:
    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def company_settings_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The company's currency: shown and changed by the programme director only (else 403)."""
    if not can_change_company_settings(request.user):
        raise PermissionDenied
    current = company_settings()
    form = CompanySettingsForm(request.POST or None, initial={"currency": current.currency})
    if request.method == "POST" and form.is_valid():
        currency = form.cleaned_data["currency"]
        if call_service(
            form, lambda: company_settings_update(actor=request.user, currency=currency)
        ):
            messages.success(request, _("Saved."))
            return redirect("organisation:company-settings")
    return render(request, "organisation/company_settings.html", {"form": form})
