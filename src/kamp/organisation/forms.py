"""HTML forms of the organisation app: the company's settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CompanySettingsForm(forms.Form):
    """The company's currency, as an ISO 4217 code; the service checks it is one."""

    currency = forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        help_text=_("ISO 4217 code, e.g. EUR, USD, GBP, CHF. Amounts are not converted."),
    )
