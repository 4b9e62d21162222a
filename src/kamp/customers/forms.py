"""HTML forms for the customer base: shape validation only; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kamp.customers.models import Contact, Customer
from kamp.customers.selectors import CUSTOMER_SORTS, CustomerFilters, colleagues_of
from kamp.organisation.selectors import business_unit_list, country_list


class CustomerFilterForm(forms.Form):
    """The list page's search, filters and sorting, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=country_list(),
        to_field_name="code",
        required=False,
        empty_label=_("All countries"),
    )
    business_unit = forms.ModelChoiceField(
        label=_("Business unit"),
        queryset=business_unit_list(),
        to_field_name="code",
        required=False,
        empty_label=_("All units"),
    )
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    group = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, k) for key in CUSTOMER_SORTS for k in (key, f"-{key}")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, industries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        industry = cast("forms.ChoiceField", self.fields["industry"])
        industry.choices = [("", _("All industries")), *((i, i) for i in industries)]

    def to_filters(self) -> CustomerFilters:
        """The valid filters; invalid values are dropped rather than failing the page."""
        self.is_valid()  # cleaned_data then holds only the fields that validated
        data = self.cleaned_data
        country = data.get("country")
        unit = data.get("business_unit")
        group = data.get("group")
        return CustomerFilters(
            q=(data.get("q") or "").strip(),
            country=country.code if country else "",
            business_unit=unit.code if unit else "",
            industry=data.get("industry") or "",
            group=str(group) if group else "",
            sort=data.get("sort") or "name",
        )


class CustomerForm(forms.ModelForm[Customer]):
    """Edit a customer's descriptive fields."""

    class Meta:
        model = Customer
        fields = ["name", "industry", "size", "country", "business_unit"]


class ColleagueChoiceField(forms.ModelChoiceField[Contact]):
    """A contact menu that says which company each person works for."""

    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.name} ({obj.customer.name})"


class ContactForm(forms.ModelForm[Contact]):
    """Add or edit a person at a customer; they may report to anyone in the same group."""

    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "reports_to"]
        field_classes = {"reports_to": ColleagueChoiceField}

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("ColleagueChoiceField", self.fields["reports_to"])
        field.queryset = colleagues_of(
            customer, exclude=self.instance if self.instance.pk else None
        )


class ErasureForm(forms.Form):
    """Why a person's data is erased: kept in the audit trail (without their name)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For example: the person asked on 3 May by email."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this erases the person for good."), required=True
    )
