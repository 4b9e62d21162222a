"""HTML forms for key accounts."""

from __future__ import annotations

from decimal import Decimal  # noqa: TC003
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.accounts import selectors
from kamp.accounts.models import (
    SECTION_FIELDS,
    AccountPlan,
    InitiativeAction,
    KeyAccount,
    Milestone,
    ProfitPlanLine,
    ResourceRequest,
    Stakeholder,
    StrategicInitiative,
    TeamMember,
    WhiteSpaceCell,
)
from kamp.organisation.permissions import Role

if TYPE_CHECKING:
    from kamp.users.models import User


class KamChoiceField(forms.ModelChoiceField["User"]):
    """A person menu showing names rather than logins."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class KeyAccountForm(forms.ModelForm[KeyAccount]):
    """Assign the KAM and the executive sponsor, set the tier, move the status along."""

    class Meta:
        model = KeyAccount
        fields = ["kam", "sponsor", "tier", "status"]
        field_classes = {"kam": KamChoiceField, "sponsor": KamChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kam"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.people_with_role(Role.KAM)
        sponsor = self.fields["sponsor"]
        assert isinstance(sponsor, forms.ModelChoiceField)
        sponsor.queryset = selectors.people_with_role(Role.EXECUTIVE)


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


class PersonChoiceField(forms.ModelChoiceField["User"]):
    """Any active user, shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class InitiativeForm(forms.ModelForm[StrategicInitiative]):
    """What an initiative aims at, what it is worth and costs, who owns it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StrategicInitiative
        fields = ["title", "objective", "expected_value", "investment", "owner"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = selectors.active_people()
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def content(self) -> dict[str, Any]:
        """The cleaned content, without the version it was read at."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DecisionForm(forms.Form):
    """A workflow step, with the comment that explains it."""

    to_status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (StrategicInitiative.Status.VALIDATED, _("Validate")),
            (StrategicInitiative.Status.CHANGES_REQUESTED, _("Ask for changes")),
            (StrategicInitiative.Status.REJECTED, _("Reject")),
            (StrategicInitiative.Status.SUBMITTED, _("Submit")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea({"rows": 2}))


class MilestoneForm(forms.ModelForm[Milestone]):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}


class ActionForm(forms.ModelForm[InitiativeAction]):
    """A new action: what, who, by when."""

    class Meta:
        model = InitiativeAction
        fields = ["title", "owner", "due_on"]
        field_classes = {"owner": PersonChoiceField}
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = selectors.active_people()


class PlanForm(forms.ModelForm[AccountPlan]):
    """The written sections of a plan and its review dates."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AccountPlan
        fields = [*SECTION_FIELDS, "last_review_on", "next_review_on"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in SECTION_FIELDS},
            "last_review_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def content(self) -> dict[str, Any]:
        """The cleaned sections and review dates, without the version they were read at."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NewPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class TargetsForm(forms.Form):
    """Target revenue and margin for each line of the profit plan."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, plan: AccountPlan, lines: list[ProfitPlanLine], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", plan.version)
        self.lines = lines
        for line in lines:
            for kind in ("revenue", "margin"):
                name = f"{kind}_{line.product_line_id}"
                self.fields[name] = forms.DecimalField(
                    label=f"{line.product_line.name}: {kind}", max_digits=16, decimal_places=2
                )
                self.initial.setdefault(name, getattr(line, f"target_{kind}"))

    def targets(self) -> dict[int, tuple[Decimal, Decimal]]:
        """The cleaned targets by product line key."""
        data = self.cleaned_data
        return {
            line.product_line_id: (
                data[f"revenue_{line.product_line_id}"],
                data[f"margin_{line.product_line_id}"],
            )
            for line in self.lines
        }


class ResourceRequestForm(forms.ModelForm[ResourceRequest]):
    """Ask a profit centre for resources."""

    class Meta:
        model = ResourceRequest
        fields = ["business_unit", "kind", "amount", "period", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AnswerForm(forms.Form):
    """A profit-centre director's answer to a request."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ResourceRequest.Status.COMMITTED, _("Commit")),
            (ResourceRequest.Status.PARTLY_COMMITTED, _("Commit in part")),
            (ResourceRequest.Status.DECLINED, _("Decline")),
        ],
    )
    committed_amount = forms.DecimalField(
        label=_("Amount committed"), required=False, max_digits=14, decimal_places=2
    )
    comment = forms.CharField(label=_("Comment"), required=False)


class StakeholderForm(forms.ModelForm[Stakeholder]):
    """A person on the stakeholder map; ``contact`` is offered when adding only."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "contact",
            "buying_role",
            "decision_role",
            "influence",
            "attitude",
            "coverage",
            "political_status",
            "owner",
            "last_met_on",
            "notes",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "last_met_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, account: KeyAccount, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = selectors.active_people()
        if self.instance.pk:
            del self.fields["contact"]
            if not self.is_bound:
                self.initial["version"] = self.instance.version
            return
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ModelChoiceField)
        contact.queryset = selectors.contacts_to_add(account)

    def content(self, *, with_owner: bool = True) -> dict[str, Any]:
        """The cleaned fields without the version; ``with_owner`` off leaves the owner out (only
        the KAM reassigns a relationship)."""
        left_out = {"version"} if with_owner else {"version", "owner"}
        return {k: v for k, v in self.cleaned_data.items() if k not in left_out}


class WhiteSpaceForm(forms.ModelForm[WhiteSpaceCell]):
    """Mark one country (or division) x product line of the matrix."""

    class Meta:
        model = WhiteSpaceCell
        fields = ["country", "division", "product_line", "status", "wallet_estimate", "competitor"]

    def __init__(self, *args: Any, account: KeyAccount, by: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by == "division":
            del self.fields["country"]
            division = self.fields["division"]
            assert isinstance(division, forms.ModelChoiceField)
            division.queryset = selectors.group_companies(account)
            division.required = True
        else:
            del self.fields["division"]
            self.fields["country"].required = True


class TeamMemberForm(forms.ModelForm[TeamMember]):
    """A user, or a person without a login, with a role and a time allocation."""

    class Meta:
        model = TeamMember
        fields = ["user", "name", "role", "allocation"]
        field_classes = {"user": PersonChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = selectors.active_people()
