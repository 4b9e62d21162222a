"""Forms of the casting pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.casting.derive import OBJECTIVES
from kamp.casting.models import Competency, Framework, RoleProfile

if TYPE_CHECKING:
    from kamp.casting.models import Competency as CompetencyModel

LEVELS = [(n, str(n)) for n in range(1, 6)]


class CompetencyForm(forms.Form):
    """Edit one competency: saving makes the next framework version."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Competency.Kind.choices)
    importance = forms.ChoiceField(label=_("Importance"), choices=Competency.Importance.choices)
    anchor_1 = forms.CharField(label=_("Level 1 looks like"), max_length=300)
    anchor_2 = forms.CharField(label=_("Level 2 looks like"), max_length=300)
    anchor_3 = forms.CharField(label=_("Level 3 looks like"), max_length=300)
    anchor_4 = forms.CharField(label=_("Level 4 looks like"), max_length=300)
    anchor_5 = forms.CharField(label=_("Level 5 looks like"), max_length=300)
    notes = forms.CharField(label=_("What changed, and why"), max_length=300)

    @classmethod
    def initial_for(cls, c: CompetencyModel) -> dict[str, Any]:
        anchors = {f"anchor_{n}": a for n, a in enumerate(c.anchors, start=1)}
        return {f: getattr(c, f) for f in ("name", "description", "kind", "importance")} | anchors

    def to_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        anchors = [data[f"anchor_{n}"] for n in range(1, 6)]
        fields = {f: data[f] for f in ("name", "description", "kind", "importance")}
        return fields | {"anchors": anchors, "notes": data["notes"]}


class DeriveForm(forms.Form):
    """A role profile derived from the programme objective."""

    name = forms.CharField(label=_("Profile name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=RoleProfile.Role.choices)
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.all())
    objective = forms.ChoiceField(
        label=_("Programme objective"),
        choices=[
            ("growth", _("Growth: hunting new business")),
            ("retention", _("Retention: deepening relationships")),
            ("transformation", _("Transformation: changing how we work")),
            ("balanced", _("Balanced")),
        ],
    )

    def clean_objective(self) -> str:
        value = str(self.cleaned_data["objective"])
        if value not in OBJECTIVES:
            raise forms.ValidationError(_("Unknown objective."))
        return value


class RatingForm(forms.Form):
    """One rater's answers: a level and evidence per competency."""

    def __init__(self, *args: Any, competencies: list[CompetencyModel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            self.fields[f"level_{c.code}"] = forms.TypedChoiceField(
                label=c.name, choices=LEVELS, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"evidence_{c.code}"] = forms.CharField(
                label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )

    def rows(self) -> list[tuple[CompetencyModel, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"level_{c.code}"], self[f"evidence_{c.code}"]) for c in self.competencies]

    def levels(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {
            c.code: (data[f"level_{c.code}"], data[f"evidence_{c.code}"]) for c in self.competencies
        }
