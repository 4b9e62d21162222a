"""Key accounts: the customer groups the programme manages, their KAM, tier and status.

A key account is born *nominated* when the steering committee validates a proposed account of a
selection run (:func:`kamp.accounts.services.key_account_nominate`, called by the selection
service). This app never imports the selection app: the run it came from is a string reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kamp.core.models import PublicModel
from kamp.customers.models import Customer, SalesFact
from kamp.organisation.models import BusinessUnit, Country, Membership
from kamp.organisation.permissions import CUSTOMER_ACTIONS, reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kamp.organisation.permissions import Action
    from kamp.users.models import User


#: Who may change key accounts (assign a KAM, change tier or status): the programme director.
CHANGE_ROLES = frozenset({Membership.Role.PROGRAMME_DIRECTOR})


class KeyAccountQuerySet(models.QuerySet["KeyAccount"]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> KeyAccountQuerySet:
        """Key accounts in the user's units (:func:`account_scope`); changes need the programme
        director."""
        if action == "change" and not reach(user, CHANGE_ROLES).everything:
            return self.none()
        scope = account_scope(user, "")
        return self if scope is None else self.filter(scope)

    def current(self) -> KeyAccountQuerySet:
        """Every key account that has not exited the programme."""
        return self.exclude(status=KeyAccount.Status.EXITED)


class RelationshipStage(models.TextChoices):
    """The five stages of relationship maturity of McDonald, Millman & Rogers (1997), "Key
    account management: theory, practice and challenges", *Journal of Marketing Management*
    13:737-757 (and McDonald & Rogers 1998), plus *disintegrating*: a relationship can break down
    at any stage. Breaking down is a state, never a goal, so it is not a target stage
    (:data:`TARGET_STAGES`)."""

    EXPLORATORY = "exploratory", _("Exploratory")
    BASIC = "basic", _("Basic")
    COOPERATIVE = "cooperative", _("Cooperative")
    INTERDEPENDENT = "interdependent", _("Interdependent")
    INTEGRATED = "integrated", _("Integrated")
    DISINTEGRATING = "disintegrating", _("Disintegrating")


#: The stages an account may aim at: every stage but disintegrating.
TARGET_STAGES = [
    (value, label)
    for value, label in RelationshipStage.choices
    if value != RelationshipStage.DISINTEGRATING
]


class KeyAccount(PublicModel):
    """A customer group managed as a key account."""

    class Tier(models.TextChoices):
        GOLD = "gold", _("Gold")
        SILVER = "silver", _("Silver")
        BRONZE = "bronze", _("Bronze")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        VALIDATED = "validated", _("Validated")
        ACTIVE = "active", _("Active")
        EXITED = "exited", _("Exited")

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer group"),
        on_delete=models.PROTECT,
        related_name="key_accounts",
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_accounts",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executive sponsor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_key_accounts",
    )
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_from = models.ForeignKey(
        "selection.SelectionRun",
        verbose_name=_("nominated by the selection run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nominated_on = models.DateField(_("nominated on"))
    status_changed_on = models.DateField(_("status changed on"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    relationship_stage = models.CharField(
        _("relationship stage"),
        max_length=16,
        choices=RelationshipStage.choices,
        default=RelationshipStage.EXPLORATORY,
        help_text=_(
            "Stages of relationship maturity after McDonald, Millman & Rogers (1997); a "
            "relationship can be disintegrating at any stage."
        ),
    )
    target_stage = models.CharField(
        _("target relationship stage"),
        max_length=16,
        choices=TARGET_STAGES,
        default=RelationshipStage.COOPERATIVE,
        help_text=_("The stage the account should reach; disintegrating is never a target."),
    )
    stage_changed_on = models.DateField(_("stage changed on"), null=True, blank=True)
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries in scope"), blank=True, related_name="+"
    )
    business_units = models.ManyToManyField(
        BusinessUnit,
        verbose_name=_("business units in scope"),
        blank=True,
        related_name="key_accounts",
    )
    #: Bumped by every profile change, so two concurrent edits cannot overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = KeyAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        ordering = ["customer__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=~Q(status="exited"),
                name="key_account_one_current_per_customer",
            )
        ]

    def __str__(self) -> str:
        return str(self.customer)

    def get_absolute_url(self) -> str:
        return reverse("accounts:key-account-detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        if self.customer_id and self.customer.parent_id is not None:
            raise ValidationError({"customer": _("A key account is a whole group: pick its head.")})


class RelationshipStageChange(models.Model):
    """One dated change of a key account's current or target relationship stage."""

    key_account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=RelationshipStage.choices)
    target_stage = models.CharField(
        _("target stage"), max_length=16, choices=RelationshipStage.choices
    )
    changed_on = models.DateField(_("changed on"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("relationship stage change")
        verbose_name_plural = _("relationship stage changes")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.key_account}: {self.stage} -> {self.target_stage}"


def account_scope(user: User | AnonymousUser, prefix: str) -> Q | None:
    """The filter of key accounts ``user`` may see, on a model reaching them through ``prefix``.

    ``None`` for a whole-base reader. A unit-scoped reader sees an account when one of their
    units serves the group's head (the account's home unit), is in the account's scope (its
    business units), or serves a company of the group that has sales: the units with a stake
    in the account. Its figures then sum only the
    companies the reader sees (:func:`kamp.customers.models.customer_scope`).
    """
    r = reach(user, CUSTOMER_ACTIONS["view"])
    if r.everything:
        return None
    if r.nothing:
        return Q(**{f"{prefix}pk__in": []})
    selling = Customer.objects.filter(business_unit_id__in=r.unit_ids).filter(
        Exists(SalesFact.objects.filter(customer_id=OuterRef("pk")))
    )
    heads = Customer.objects.filter(
        Q(business_unit_id__in=r.unit_ids)
        | Q(pk__in=selling.values("pk"))
        | Q(pk__in=selling.exclude(group=None).values("group_id"))
    )
    in_scope = KeyAccount.business_units.through.objects.filter(businessunit_id__in=r.unit_ids)
    return Q(**{f"{prefix}pk__in": in_scope.values("keyaccount_id")}) | Q(
        **{f"{prefix}customer_id__in": heads.values("pk")}
    )
