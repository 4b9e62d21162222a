"""HTML forms of the change pages: shape validation only; the services decide the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.change.maturity import Dimension, Level
from kamp.change.models import Announcement, Audience, CommunicationItem, Concern, PulseSurvey
from kamp.change.selectors import people_with_a_role, steering_review_choices

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kamp.change.facts import Fact
    from kamp.change.models import Rating

DATE = forms.DateInput(attrs={"type": "date"})


class PeopleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    respondents = PeopleField(
        label=_("Invite"),
        queryset=None,
        required=False,
        help_text=_("You answer it too."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondents"].queryset = people_with_a_role()  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    users = PeopleField(label=_("Invite"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = people_with_a_role()  # type: ignore[attr-defined]


class QuestionnaireForm(forms.Form):
    """One level (the CSO anchors as choices) and the evidence for each of the eight dimensions.

    A dimension left without a level is not answered.
    """

    def __init__(
        self,
        *args: Any,
        mine: Mapping[str, Rating] | None = None,
        facts: Mapping[str, Fact] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        mine, self.facts = mine or {}, facts or {}
        for code, label in Dimension.choices:
            rating = mine.get(code)
            self.fields[f"{code}-level"] = forms.TypedChoiceField(
                label=label,
                choices=Level.choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=rating.level if rating else None,
            )
            self.fields[f"{code}-evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.evidence if rating else "",
            )

    def questions(self) -> list[dict[str, Any]]:
        """Each dimension's two fields and the fact kamp knows about it, for the template."""
        return [
            {
                "code": code,
                "label": label,
                "level": self[f"{code}-level"],
                "evidence": self[f"{code}-evidence"],
                "fact": self.facts.get(code),
            }
            for code, label in Dimension.choices
        ]

    def answers(self) -> list[tuple[str, int, str]]:
        """(dimension, level, evidence) for every dimension given a level."""
        data = self.cleaned_data
        return [
            (code, data[f"{code}-level"], data[f"{code}-evidence"])
            for code in Dimension.values
            if data.get(f"{code}-level")
        ]


class ImprovementActionForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    title = forms.CharField(label=_("Action"), max_length=300)


class AcceptForm(forms.Form):
    owner = PersonField(label=_("Owner"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_with_a_role()  # type: ignore[attr-defined]


class CommunicationItemForm(forms.ModelForm[CommunicationItem]):
    class Meta:
        model = CommunicationItem
        fields = ["audience", "message", "channel", "planned_on", "owner"]
        widgets = {"planned_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_with_a_role()  # type: ignore[attr-defined]


class AnnouncementForm(forms.ModelForm[Announcement]):
    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "published_on", "plan_item"]
        widgets = {"published_on": DATE, "body": forms.Textarea(attrs={"rows": 4})}


class PulseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line, answered on a scale from 1 to 5."),
    )
    free_text = forms.CharField(label=_("Free-text question"), max_length=300, required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)

    def clean_questions(self) -> list[str]:
        text: str = self.cleaned_data["questions"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class PulseAnswerForm(forms.Form):
    """A 1–5 choice per question and the free text; the answer is stored without the person."""

    def __init__(self, *args: Any, survey: PulseSurvey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(n, str(n)) for n in range(1, 6)]
        for index, question in enumerate(survey.questions):
            self.fields[f"q{index}"] = forms.TypedChoiceField(
                label=question, choices=scale, coerce=int, widget=forms.RadioSelect
            )
        self.fields["comment"] = forms.CharField(
            label=survey.free_text or _("Anything else?"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def scores(self) -> list[int]:
        return [v for k, v in self.cleaned_data.items() if k.startswith("q")]


class ConcernForm(forms.ModelForm[Concern]):
    class Meta:
        model = Concern
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ConcernAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    review: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Steering review"), queryset=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = steering_review_choices()  # type: ignore[attr-defined]
