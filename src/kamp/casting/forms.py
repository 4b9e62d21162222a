"""Forms of the casting pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.casting.content import LANGUAGES, localized
from kamp.casting.derive import OBJECTIVES
from kamp.casting.models import Campaign, Competency, Framework, Person, RoleProfile
from kamp.organisation.selectors import countries_by_codes
from kamp.users.selectors import user_by_username

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kamp.casting.models import Competency as CompetencyModel
    from kamp.casting.models import Requirement
    from kamp.users.models import User

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
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    description_es = forms.CharField(
        label=_("Description in Spanish"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    anchors_es = forms.CharField(
        label=_("Levels 1 to 5 in Spanish"),
        help_text=_("Five lines, one per level; leave empty to show the English ones."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    description_fr = forms.CharField(
        label=_("Description in French"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    anchors_fr = forms.CharField(
        label=_("Levels 1 to 5 in French"),
        help_text=_("Five lines, one per level; leave empty to show the English ones."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    notes = forms.CharField(label=_("What changed, and why"), max_length=300)

    @classmethod
    def initial_for(cls, c: CompetencyModel) -> dict[str, Any]:
        anchors = {f"anchor_{n}": a for n, a in enumerate(c.anchors, start=1)}
        initial = {f: getattr(c, f) for f in ("name", "description", "kind", "importance")}
        for lang in LANGUAGES:
            found = (c.translations or {}).get(lang, {})
            initial[f"name_{lang}"] = found.get("name", "")
            initial[f"description_{lang}"] = found.get("description", "")
            initial[f"anchors_{lang}"] = "\n".join(found.get("anchors", []))
        return initial | anchors

    def _clean_anchors(self, lang: str) -> list[str]:
        lines = [x.strip() for x in self.cleaned_data[f"anchors_{lang}"].splitlines()]
        lines = [x for x in lines if x]
        if lines and len(lines) != 5:
            raise forms.ValidationError(_("Five lines, one per level, or none."))
        return lines

    def clean_anchors_es(self) -> list[str]:
        return self._clean_anchors("es")

    def clean_anchors_fr(self) -> list[str]:
        return self._clean_anchors("fr")

    def to_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        anchors = [data[f"anchor_{n}"] for n in range(1, 6)]
        fields = {f: data[f] for f in ("name", "description", "kind", "importance")}
        translations = {
            lang: {
                "name": data[f"name_{lang}"],
                "description": data[f"description_{lang}"],
                "anchors": data[f"anchors_{lang}"],
            }
            for lang in LANGUAGES
        }
        return fields | {"anchors": anchors, "translations": translations, "notes": data["notes"]}


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
                label=localized(c, "name"), choices=LEVELS, coerce=int, widget=forms.RadioSelect
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


def _codes(text: str, *, upper: bool = False) -> list[str]:
    """Comma- or space-separated codes, trimmed, each once, in the order given."""
    found: list[str] = []
    for raw in text.replace(",", " ").split():
        code = raw.strip().upper() if upper else raw.strip().lower()
        if code not in found:
            found.append(code)
    return found


def _items(text: str) -> list[str]:
    """Comma-separated items (segments may hold spaces), trimmed, each once."""
    found: list[str] = []
    for raw in text.split(","):
        item = raw.strip()
        if item and item not in found:
            found.append(item)
    return found


class PersonForm(forms.Form):
    """Someone cast for a KAM role: the user (on creation), manager, profile and coverage."""

    username = forms.CharField(label=_("User (username)"), max_length=150)
    manager = forms.CharField(label=_("Manager (username)"), max_length=150, required=False)
    profile = forms.ModelChoiceField(
        label=_("Role profile"), queryset=RoleProfile.objects.none(), required=False
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        help_text=_("ISO codes, separated by commas: en, es, fr."),
        required=False,
    )
    countries = forms.CharField(
        label=_("Countries covered"),
        help_text=_("ISO codes, separated by commas: ES, FR."),
        required=False,
    )
    segments = forms.CharField(
        label=_("Segments (industries) known"),
        help_text=_("Separated by commas."),
        required=False,
    )
    stages = forms.CharField(
        label=_("Relationship stages handled"),
        help_text=_("Separated by commas: exploratory, basic, cooperative, interdependent."),
        required=False,
    )
    capacity = forms.FloatField(
        label=_("Capacity (1 = a full-time KAM)"), min_value=0, max_value=2, initial=1.0
    )

    def __init__(
        self, *args: Any, profiles: QuerySet[RoleProfile], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        profile = self.fields["profile"]
        assert isinstance(profile, forms.ModelChoiceField)
        profile.queryset = profiles
        if editing:
            del self.fields["username"]

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "manager": person.manager.get_username() if person.manager else "",
            "profile": person.profile,
            "languages": ", ".join(person.languages),
            "countries": ", ".join(person.countries),
            "segments": ", ".join(person.segments),
            "stages": ", ".join(person.stages),
            "capacity": person.capacity,
        }

    def clean_username(self) -> User:
        user = user_by_username(self.cleaned_data["username"].strip())
        if user is None:
            raise forms.ValidationError(_("No active user of this name."))
        return user

    def clean_manager(self) -> User | None:
        name = self.cleaned_data["manager"].strip()
        if not name:
            return None
        user = user_by_username(name)
        if user is None:
            raise forms.ValidationError(_("No active user of this name."))
        return user

    def clean_languages(self) -> list[str]:
        codes = _codes(self.cleaned_data["languages"])
        wrong = [c for c in codes if not (len(c) in (2, 3) and c.isalpha())]
        if wrong:
            raise forms.ValidationError(
                _("Not language codes: %(codes)s.") % {"codes": ", ".join(wrong)}
            )
        return codes

    def clean_countries(self) -> list[str]:
        codes = _codes(self.cleaned_data["countries"], upper=True)
        known = {c.code for c in countries_by_codes(codes)}
        wrong = [c for c in codes if c not in known]
        if wrong:
            raise forms.ValidationError(
                _("Unknown countries: %(codes)s.") % {"codes": ", ".join(wrong)}
            )
        return codes

    def clean_segments(self) -> list[str]:
        return _items(self.cleaned_data["segments"])

    def clean_stages(self) -> list[str]:
        return _codes(self.cleaned_data["stages"])

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ("manager", "profile", "languages", "countries", "segments", "stages", "capacity")
        return {k: data[k] for k in keys}


class CampaignForm(forms.Form):
    """A new assessment campaign: framework version, kind, people and, for 360, peers."""

    name = forms.CharField(label=_("Name"), max_length=200)
    framework = forms.ModelChoiceField(
        label=_("Framework version"), queryset=Framework.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    people = forms.ModelMultipleChoiceField(
        label=_("People assessed"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    min_raters = forms.IntegerField(
        label=_("Fewest peer answers shown"),
        help_text=_("Below this number, peers' answers stay hidden (anonymity)."),
        min_value=1,
        max_value=20,
        initial=3,
    )
    peers = forms.CharField(
        label=_("Peer raters (360 only)"),
        help_text=_("One line per person assessed: username: peer, peer, peer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        frameworks: QuerySet[Framework],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        framework = self.fields["framework"]
        chosen = self.fields["people"]
        assert isinstance(framework, forms.ModelChoiceField)
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        framework.queryset = frameworks
        chosen.queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: list[Person] = list(data.get("people") or [])
        by_name = {p.user.get_username(): p for p in chosen}
        peers: dict[int, list[User]] = {}
        for number, line in enumerate(str(data.get("peers") or "").splitlines(), start=1):
            if not line.strip():
                continue
            who, sep, names = line.partition(":")
            person = by_name.get(who.strip())
            if not sep or person is None:
                self.add_error(
                    "peers",
                    _("Line %(n)s: start with the username of a person assessed and a colon.")
                    % {"n": number},
                )
                continue
            for name in _items(names):
                user = user_by_username(name)
                if user is None:
                    self.add_error(
                        "peers",
                        _("Line %(n)s: no active user %(name)s.") % {"n": number, "name": name},
                    )
                else:
                    peers.setdefault(person.pk, []).append(user)
        if peers and data.get("kind") != Campaign.Kind.FULL:
            self.add_error("peers", _("Only a 360 campaign has peer raters."))
        data["peer_users"] = peers
        return data


class ProfileEditForm(forms.Form):
    """A role profile line by line: for each competency of its framework, the required level
    (empty: not required), the weight and the reason."""

    reason = forms.CharField(
        label=_("Why these levels"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason_es = forms.CharField(
        label=_("Why these levels, in Spanish"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    reason_fr = forms.CharField(
        label=_("Why these levels, in French"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, competencies: list[CompetencyModel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            self.fields[f"level_{c.code}"] = forms.TypedChoiceField(
                label=_("Required level"),
                choices=[("", _("not required")), *LEVELS],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"weight_{c.code}"] = forms.FloatField(
                label=_("Weight"), min_value=0, initial=1.0, required=False
            )
            self.fields[f"reason_{c.code}"] = forms.CharField(
                label=_("Reason"), max_length=300, required=False
            )

    @classmethod
    def initial_for(cls, profile: RoleProfile, rows: list[Requirement]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "reason": profile.reason,
            **{
                f"reason_{lang}": profile.translations.get(lang, {}).get("reason", "")
                for lang in LANGUAGES
            },
        }
        for r in rows:
            code = r.competency.code
            initial |= {
                f"level_{code}": r.level,
                f"weight_{code}": r.weight,
                f"reason_{code}": r.reason,
            }
        return initial

    def rows(
        self,
    ) -> list[tuple[CompetencyModel, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (c, self[f"level_{c.code}"], self[f"weight_{c.code}"], self[f"reason_{c.code}"])
            for c in self.competencies
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"level_{c.code}") for c in self.competencies):
            raise forms.ValidationError(_("Require at least one competency."))
        return data

    def requirements(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "code": c.code,
                "level": data[f"level_{c.code}"],
                "weight": 1.0 if data[f"weight_{c.code}"] is None else data[f"weight_{c.code}"],
                "reason": data[f"reason_{c.code}"],
            }
            for c in self.competencies
            if data.get(f"level_{c.code}")
        ]

    def translations(self) -> dict[str, Any]:
        return {lang: {"reason": self.cleaned_data[f"reason_{lang}"]} for lang in LANGUAGES}
