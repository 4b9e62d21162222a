"""The customer base: customers in groups, their contacts, and sales facts.

Sales are stored at a monthly grain (customer x month x product line x business unit x country);
see ``docs/decisions/0002-sales-grain.md`` for why that keeps 10 million source lines fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel
from kamp.organisation.models import BusinessUnit, Country, ProductLine
from kamp.organisation.permissions import CUSTOMER_ACTIONS, reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.organisation.permissions import Action
    from kamp.users.models import User


def customer_scope(user: User | AnonymousUser, action: Action, prefix: str = "") -> Q | None:
    """The filter a user's reach puts on customers (``None``: no limit), for any related model.

    A unit-scoped member sees the customers its units serve, and the groups they belong to so
    the hierarchy can be navigated. ``prefix`` is the path to the customer, e.g. ``"customer__"``.
    """
    r = reach(user, CUSTOMER_ACTIONS[action])
    if r.everything:
        return None
    if r.nothing:
        return Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    served = Customer.objects.filter(business_unit_id__in=r.unit_ids)
    return Q(**{f"{prefix}business_unit_id__in": r.unit_ids}) | Q(
        **{f"{prefix}pk__in": served.exclude(group=None).values("group_id")}
    )


class CustomerQuerySet(models.QuerySet["Customer"]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> CustomerQuerySet:
        """The customers ``user`` may ``action``: the permission choke point for customers."""
        scope = customer_scope(user, action)
        return self if scope is None else self.filter(scope)

    def groups(self) -> CustomerQuerySet:
        """Top-level customers: a group's head, or a customer that stands alone."""
        return self.filter(parent__isnull=True)

    def family_of(self, head: Customer) -> CustomerQuerySet:
        """The head of a group and every company below it."""
        return self.filter(Q(pk=head.pk) | Q(group=head))


class Customer(PublicModel):
    """A customer company. Subsidiaries point to their ``parent``; every company below a
    top-level customer also points to that ``group`` head, so figures roll up in one query."""

    class Size(models.TextChoices):
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")
        ENTERPRISE = "enterprise", _("Enterprise")

    source_id = models.CharField(
        _("customer id"),
        max_length=64,
        unique=True,
        help_text=_("The identifier in the source system (ERP or CRM)."),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        editable=False,
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The unit that serves this customer."),
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True, db_index=True)
    size = models.CharField(_("size"), max_length=16, choices=Size.choices, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["country", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="customer_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:customer-detail", kwargs={"public_id": self.public_id})

    @property
    def head(self) -> Customer:
        """The top of this customer's group (itself when it is on top)."""
        return self.group if self.group_id and self.group else self

    def clean(self) -> None:
        if not self.parent_id:
            return
        ancestor: Customer | None = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A company cannot be its own parent.")})
            ancestor = ancestor.parent
        if not isinstance(self.attributes, dict):
            raise ValidationError(
                {"attributes": _("Attributes must be a set of names and values.")}
            )


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> ContactQuerySet:
        scope = customer_scope(user, action, prefix="customer__")
        return self if scope is None else self.filter(scope)


class Contact(PublicModel):
    """A person at a customer company."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    source_id = models.CharField(_("contact id"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~Q(source_id=""), name="contact_source_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.reports_to_id is not None and self.reports_to is not None:
            if self.pk is not None and self.reports_to_id == self.pk:
                raise ValidationError({"reports_to": _("A person cannot report to themselves.")})
            if self.customer_id and self.reports_to.customer.head != self.customer.head:
                raise ValidationError(
                    {"reports_to": _("Choose someone in the same customer group.")}
                )


class SalesFactQuerySet(models.QuerySet["SalesFact"]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> SalesFactQuerySet:
        scope = customer_scope(user, action, prefix="customer__")
        return self if scope is None else self.filter(scope)

    def of_family(self, head: Customer) -> SalesFactQuerySet:
        """Sales of a group head and all of its companies."""
        return self.filter(Q(customer=head) | Q(customer__group=head))


class SalesFact(models.Model):
    """Sales of one customer in one month for one product line, unit and country.

    One row sums every invoice line of that combination; ``lines`` counts them.
    """

    # No index of its own: the (customer, period) index below serves lookups by customer, and
    # every index costs time when an import writes hundreds of thousands of facts.
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="sales",
        db_index=False,
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    # No indexes on these few-valued keys either: aggregations never use them, and deleting a
    # product line (the only lookup by them) is rare enough to scan for.
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("product line"),
        null=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, on_delete=models.PROTECT, db_index=False
    )
    revenue = models.DecimalField(_("revenue"), max_digits=16, decimal_places=2)
    margin = models.DecimalField(_("margin"), max_digits=16, decimal_places=2, default=0)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3, default=0)
    lines = models.PositiveIntegerField(_("source lines"), default=1)
    import_batch = models.UUIDField(
        _("import"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The import that brought these sales in; empty for sales entered otherwise."),
    )

    objects = SalesFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales fact")
        verbose_name_plural = _("sales facts")
        indexes = [
            models.Index(fields=["customer", "period"]),
            models.Index(fields=["period"]),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.period:%Y-%m} {self.revenue}"

    def clean(self) -> None:
        if self.period is not None and self.period.day != 1:
            raise ValidationError({"period": _("Sales are kept by month: use the 1st.")})


class WalletEstimateQuerySet(models.QuerySet["WalletEstimate"]):
    def visible_to(
        self, user: User | AnonymousUser, action: Action = "view"
    ) -> WalletEstimateQuerySet:
        scope = customer_scope(user, action, prefix="customer__")
        return self if scope is None else self.filter(scope)


class WalletEstimate(models.Model):
    """What a customer spends in all on what we sell (its wallet, or potential), as estimated.

    Optionally for one product line and one year; share of wallet is our revenue over it. One
    estimate per customer, year and product line (kept so by the services that write them).
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="wallet_estimates",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    product_line = models.ForeignKey(
        ProductLine,
        verbose_name=_("product line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    amount = models.DecimalField(_("wallet"), max_digits=16, decimal_places=2)

    objects = WalletEstimateQuerySet.as_manager()

    class Meta:
        verbose_name = _("wallet estimate")
        verbose_name_plural = _("wallet estimates")
        ordering = ["customer", "year", "product_line"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="wallet_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.year or ''} {self.amount}"
