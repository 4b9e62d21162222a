"""HTML forms of the programme pages: shape validation only, then a service call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.programme import selectors
from kamp.programme.models import (
    BusinessChallenge,
    Charter,
    Engagement,
    Interview,
    Milestone,
    Objective,
    PointValidation,
    ReviewAction,
    SteeringReview,
)
from kamp.users.selectors import active_user_list

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.accounts.models import KeyAccount
    from kamp.customers.models import Contact
    from kamp.users.models import User

DATE = forms.DateInput(attrs={"type": "date"})


class PersonField(forms.ModelChoiceField["User"]):
    """A user, shown by full name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(active_user_list(), **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class CharterForm(forms.ModelForm[Charter]):
    owner = PersonField(label=_("owner"))

    class Meta:
        model = Charter
        fields = ["name", "scope", "owner"]


class ChallengeForm(forms.ModelForm[BusinessChallenge]):
    class Meta:
        model = BusinessChallenge
        fields = ["kind", "title", "description"]


class ObjectiveForm(forms.ModelForm[Objective]):
    class Meta:
        model = Objective
        fields = ["challenge", "title", "kpi", "target", "due_on"]
        widgets = {"due_on": DATE}


class InterviewForm(forms.ModelForm[Interview]):
    themes = forms.CharField(
        label=_("themes"), required=False, help_text=_("Separate themes with commas.")
    )

    class Meta:
        model = Interview
        fields = ["interviewee", "position", "held_on", "expectations", "concerns", "quotes"]
        widgets = {"held_on": DATE}

    def clean_themes(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]


class ReviewForm(forms.ModelForm[SteeringReview]):
    attendees = forms.ModelMultipleChoiceField(
        active_user_list(),
        label=_("attendees"),
        required=False,
    )

    class Meta:
        model = SteeringReview
        fields = ["title", "held_on", "agenda"]
        widgets = {"held_on": DATE}


class DecisionsForm(forms.ModelForm[SteeringReview]):
    class Meta:
        model = SteeringReview
        fields = ["status", "decisions"]


class ValidationForm(forms.ModelForm[PointValidation]):
    """Decide on a programme point; the key account list follows the user's scope."""

    class Meta:
        model = PointValidation
        fields = ["point", "decision", "selection_run", "key_account", "note"]

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[KeyAccount]", self.fields["key_account"])
        field.queryset = selectors.key_account_choices(actor=user)


class ActionForm(forms.ModelForm[ReviewAction]):
    owner = PersonField(label=_("owner"))

    class Meta:
        model = ReviewAction
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": DATE}


class MilestoneForm(forms.ModelForm[Milestone]):
    owner = PersonField(label=_("owner"))

    class Meta:
        model = Milestone
        fields = ["phase", "title", "owner", "due_on", "status"]
        widgets = {"due_on": DATE}


class SponsorshipForm(forms.Form):
    """The counterpart at the customer (from the group's contacts) and the cadence."""

    # The choices are the account's contacts, set in __init__.
    counterpart: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        None, label=_("counterpart at the customer"), required=False
    )
    cadence_days = forms.IntegerField(
        label=_("days between engagements"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the tier's default."),
    )

    def __init__(self, *args: Any, key_account: KeyAccount, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Contact]", self.fields["counterpart"])
        field.queryset = selectors.counterpart_choices(key_account=key_account)


class EngagementForm(forms.ModelForm[Engagement]):
    class Meta:
        model = Engagement
        fields = ["kind", "held_on", "summary"]
        widgets = {"held_on": DATE}
