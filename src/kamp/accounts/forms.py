"""HTML forms for key accounts."""

from __future__ import annotations

from typing import Any

from django import forms

from kamp.accounts.models import KeyAccount
from kamp.organisation.models import Membership
from kamp.users.models import User


class KamChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class KeyAccountForm(forms.ModelForm[KeyAccount]):
    """Assign the KAM, set the tier, move the status along."""

    class Meta:
        model = KeyAccount
        fields = ["kam", "tier", "status"]
        field_classes = {"kam": KamChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kam"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(memberships__role=Membership.Role.KAM, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class KeyAccountProfileForm(forms.ModelForm[KeyAccount]):
    """The KAM's part of the account: relationship stage now and aimed at, and the scope."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = KeyAccount
        fields = ["relationship_stage", "target_stage", "countries", "business_units"]
        widgets = {
            "countries": forms.SelectMultiple(attrs={"size": 6}),
            "business_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
