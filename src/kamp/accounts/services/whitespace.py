"""Writes on the white-space matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kamp.accounts.models import (
    KeyAccount,
    WhiteSpaceCell,
)
from kamp.accounts.permissions import can_manage_key_account
from kamp.core.audit import audit_record

if TYPE_CHECKING:
    from decimal import Decimal

    from kamp.customers.models import Customer
    from kamp.organisation.models import Country, ProductLine
    from kamp.users.models import User


@transaction.atomic
def white_space_mark(
    *,
    actor: User | None,
    key_account: KeyAccount,
    product_line: ProductLine,
    status: str,
    country: Country | None = None,
    division: Customer | None = None,
    wallet_estimate: Decimal | None = None,
    competitor: str = "",
    check: bool = True,
) -> WhiteSpaceCell:
    """Mark one cell of the white-space matrix, a country's or a division's (the account's KAM,
    or the director)."""
    if check and (actor is None or not can_manage_key_account(actor, key_account)):
        raise PermissionDenied
    if (country is None) == (division is None):
        raise ValidationError(_("Choose a country or a division of the group, not both."))
    if division is not None and division.head != key_account.customer:
        raise ValidationError({"division": _("Choose a company of the account's group.")})
    if wallet_estimate is not None and wallet_estimate < 0:
        raise ValidationError({"wallet_estimate": _("A wallet cannot be negative.")})
    cell, _created = WhiteSpaceCell.objects.update_or_create(
        key_account=key_account,
        country=country,
        division=division,
        product_line=product_line,
        defaults={"status": status, "wallet_estimate": wallet_estimate, "competitor": competitor},
    )
    cell.full_clean()
    audit_record(
        actor=actor,
        action="white_space.mark",
        obj=cell,
        changes={"status": [None, status], "wallet": [None, str(wallet_estimate)]},
    )
    return cell
