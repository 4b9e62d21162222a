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
