"""HTML forms for segmentation and selection: shape validation only; services do the writing."""

from __future__ import annotations

import json
import tomllib
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.customers.selectors import size_choices
from kamp.organisation.selectors import business_unit_list, country_list, product_line_list
from kamp.selection import selectors
from kamp.selection.engine import DEFAULT_PER_KAM
from kamp.selection.models import ScoringModel, Segment, Validation
from kamp.selection.segments import rule_problems

if TYPE_CHECKING:
    from kamp.selection.services import SegmentFields

#: Rule fields the segment form offers as menus, in order.
MENU_FIELDS = ("industry", "country", "size", "business_unit", "product_line")


class SegmentForm(forms.Form):
    """A segment: name, fit, and its rules as menus (plus any advanced rules as JSON)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fit = forms.DecimalField(
        label=_("Value-proposition fit (0 to 10)"),
        required=False,
        min_value=0,
        max_value=10,
        decimal_places=1,
    )
    match = forms.ChoiceField(
        label=_("An account belongs when it meets"), choices=Segment.Match.choices
    )
    position = forms.IntegerField(label=_("Position in lists"), min_value=0, initial=0)
    industry = forms.MultipleChoiceField(label=_("Industries"), required=False)
    country = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=country_list(), to_field_name="code", required=False
    )
    size = forms.MultipleChoiceField(label=_("Sizes"), choices=size_choices(), required=False)
    business_unit = forms.ModelMultipleChoiceField(
        label=_("Business units serving it"),
        queryset=business_unit_list(),
        to_field_name="code",
        required=False,
    )
    product_line = forms.ModelMultipleChoiceField(
        label=_("Bought any of these product lines in the last 12 months"),
        queryset=product_line_list(),
        to_field_name="code",
        required=False,
    )
    advanced = forms.CharField(
        label=_("Other rules (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'A list such as [{"field": "attribute:region", "op": "in", "values": ["south"]}, '
            '{"field": "revenue_12m", "op": "gte", "values": 100000}].'
        ),
    )

    def __init__(
        self, *args: Any, industries: list[str], segment: Segment | None = None, **kwargs: Any
    ) -> None:
        if segment is not None:
            kwargs.setdefault("initial", self.initial_from(segment))
        super().__init__(*args, **kwargs)
        field = cast("forms.MultipleChoiceField", self.fields["industry"])
        field.choices = [(i, i) for i in industries]

    @staticmethod
    def initial_from(segment: Segment) -> dict[str, Any]:
        """The segment's fields, its menu rules in the menus and the rest as JSON."""
        initial: dict[str, Any] = {
            f: getattr(segment, f) for f in ("name", "description", "fit", "match", "position")
        }
        advanced = []
        for rule in segment.rules:
            if rule.get("field") in MENU_FIELDS and rule.get("op") == "in":
                initial[rule["field"]] = rule["values"]
            else:
                advanced.append(rule)
        initial["advanced"] = json.dumps(advanced) if advanced else ""
        return initial

    def clean_advanced(self) -> list[dict[str, Any]]:
        text = self.cleaned_data.get("advanced", "").strip()
        if not text:
            return []
        try:
            rules = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": error}) from None
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise forms.ValidationError(_("Give a list of rules."))
        problems = [p for r in rules for p in rule_problems(r)]
        if problems:
            raise forms.ValidationError(problems)
        return rules

    def to_fields(self) -> SegmentFields:
        """What :func:`kamp.selection.services.segment_create` takes."""
        data = self.cleaned_data
        rules: list[dict[str, Any]] = []
        for field in MENU_FIELDS:
            values = data.get(field) or []
            codes = [getattr(v, "code", v) for v in values]
            if codes:
                rules.append({"field": field, "op": "in", "values": sorted(codes)})
        return {
            "name": data["name"],
            "description": data.get("description", ""),
            "fit": data.get("fit"),
            "match": data["match"],
            "position": data.get("position") or 0,
            "rules": rules + data.get("advanced", []),
        }


class ScoringModelForm(forms.Form):
    """A model as TOML text, in the documented file format; saving adds a version."""

    toml = forms.CharField(
        label=_("Model (TOML)"),
        widget=forms.Textarea(attrs={"rows": 28, "class": "code", "spellcheck": "false"}),
    )
    notes = forms.CharField(label=_("What changed"), required=False, max_length=500)

    def clean_toml(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.cleaned_data["toml"])
        except tomllib.TOMLDecodeError as error:
            raise forms.ValidationError(_("Not valid TOML: %(error)s") % {"error": error}) from None


class ScoringModelImportForm(forms.Form):
    file = forms.FileField(label=_("TOML file"))


class ManualScoresForm(forms.Form):
    """The scoring team's scores for one scoring model: a CSV file with the columns account,
    criterion, score."""

    model = forms.ModelChoiceField[ScoringModel](
        label=_("Scoring model the scores are for"), queryset=ScoringModel.objects.none()
    )
    file = forms.FileField(label=_("CSV file (account, criterion, score)"))
    scale = forms.TypedChoiceField(
        label=_("Scores are out of"),
        choices=[(10, "10"), (100, "100")],
        coerce=int,
        initial=10,
        help_text=_("Points criteria are scored out of their maximum."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[ScoringModel]", self.fields["model"])
        field.queryset = selectors.scoring_model_latest_versions()


class ModelChoiceWithVersion(forms.ModelChoiceField[ScoringModel]):
    def label_from_instance(self, obj: ScoringModel) -> str:
        return str(obj)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RunForm(forms.Form):
    """A selection run's parameters."""

    name = forms.CharField(label=_("Name"), max_length=200)
    model = ModelChoiceWithVersion(
        label=_("Scoring model"), queryset=selectors.scoring_model_versions()
    )
    kams = forms.IntegerField(label=_("KAMs available"), min_value=1, initial=4)
    gold = forms.IntegerField(
        label=_("Gold accounts one KAM can hold"), min_value=1, initial=DEFAULT_PER_KAM["gold"]
    )
    silver = forms.IntegerField(
        label=_("Silver accounts one KAM can hold"), min_value=1, initial=DEFAULT_PER_KAM["silver"]
    )
    bronze = forms.IntegerField(
        label=_("Bronze accounts one KAM can hold"), min_value=1, initial=DEFAULT_PER_KAM["bronze"]
    )
    min_accounts = forms.IntegerField(
        label=_("At least this many accounts"), min_value=0, required=False
    )
    max_accounts = forms.IntegerField(
        label=_("At most this many accounts"),
        min_value=1,
        required=False,
        help_text=_("McDonald advises 15 to 35 key accounts; more than 50 is far too many."),
    )
    attractiveness_weight = forms.FloatField(
        label=_("Weight of attractiveness in an account's value"),
        min_value=0,
        max_value=1,
        initial=0.5,
        help_text=_(
            "Value = weight x attractiveness + (1 - weight) x strength, each as a share of the "
            "scale. 0.5 weighs them equally."
        ),
    )
    limits = forms.CharField(
        label=_("Minimum and maximum per group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: dimension | key | minimum | maximum, where the dimension is segment, "
            "business_unit or country; leave a bound empty for none. "
            "Example: segment | Water & wastewater | 2 | 6"
        ),
    )
    overrides = forms.CharField(
        label=_("Must include or exclude"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: include or exclude, the group's customer id, a colon, the reason. "
            "Example: include C000123: strategic partner in the new market"
        ),
    )

    def clean_limits(self) -> list[dict[str, Any]]:
        limits = []
        for line in _lines(self.cleaned_data.get("limits", "")):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4 or parts[0] not in ("segment", "business_unit", "country"):
                raise forms.ValidationError(_("Cannot read the line %(line)r.") % {"line": line})
            try:
                bounds = [int(p) if p else None for p in parts[2:]]
            except ValueError:
                raise forms.ValidationError(
                    _("Cannot read the line %(line)r.") % {"line": line}
                ) from None
            limits.append(
                {"dimension": parts[0], "key": parts[1], "minimum": bounds[0], "maximum": bounds[1]}
            )
        return limits

    def clean_overrides(self) -> list[dict[str, Any]]:
        overrides = []
        for line in _lines(self.cleaned_data.get("overrides", "")):
            verb, _space, rest = line.partition(" ")
            account, colon, reason = rest.partition(":")
            if verb not in ("include", "exclude") or not colon or not reason.strip():
                raise forms.ValidationError(
                    _(
                        "Cannot read %(line)r: write include or exclude, the id, a colon "
                        "and the reason."
                    )
                    % {"line": line}
                )
            overrides.append(
                {"account": account.strip(), "include": verb == "include", "reason": reason.strip()}
            )
        return overrides

    def parameters(self) -> dict[str, Any]:
        """The run's parameters, as :func:`kamp.selection.engine.params_from_dict` reads them."""
        data = self.cleaned_data
        return {
            "kams": data["kams"],
            "per_kam": {tier: data[tier] for tier in ("gold", "silver", "bronze")},
            "min_accounts": data.get("min_accounts"),
            "max_accounts": data.get("max_accounts"),
            "limits": data.get("limits", []),
            "overrides": data.get("overrides", []),
            "attractiveness_weight": data["attractiveness_weight"],
        }


class DecisionForm(forms.Form):
    """The steering committee's decision on one proposed account."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Validation.Decision.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
