"""Forms of the profile page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    """Name a new API token after the script or tool that will use it."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use the token, such as “nightly CRM sync”."),
    )
