"""The customer base's write path: invariants, hierarchy moves, permission re-checks, audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kamp.core.models import AuditEvent
from kamp.customers import services
from kamp.customers.models import Customer
from kamp.customers.tests.factories import ContactFactory, CustomerFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_new_subsidiary_joins_its_parents_group(cast: Cast) -> None:
    head = services.customer_create(actor=cast.director, source_id="G1", name="Groupe Alpha")
    sub = services.customer_create(
        actor=cast.director, source_id="S1", name="Alpha ES", parent=head
    )
    deep = services.customer_create(
        actor=cast.director, source_id="S2", name="Alpha PT", parent=sub
    )
    assert head.group is None and sub.group == head and deep.group == head
    assert set(Customer.objects.family_of(head)) == {head, sub, deep}


def test_moving_a_company_takes_everything_below_it_along(cast: Cast) -> None:
    alpha = CustomerFactory.create(name="Alpha")
    beta = CustomerFactory.create(name="Beta")
    sub = CustomerFactory.create(name="Alpha Sub", parent=alpha)
    deep = CustomerFactory.create(name="Alpha Sub Sub", parent=sub)
    services.customer_set_parent(actor=cast.director, customer=sub, parent=beta)
    deep.refresh_from_db()
    assert (sub.group, deep.group) == (beta, beta)
    services.customer_set_parent(actor=cast.director, customer=sub, parent=None)
    deep.refresh_from_db()
    assert sub.group is None and deep.group == sub


def test_a_company_cannot_be_moved_under_itself(cast: Cast) -> None:
    alpha = CustomerFactory.create(name="Alpha")
    sub = CustomerFactory.create(name="Alpha Sub", parent=alpha)
    with pytest.raises(ValidationError, match="own parent"):
        services.customer_set_parent(actor=cast.director, customer=alpha, parent=sub)


def test_services_check_permission_again_inside_the_write(cast: Cast) -> None:
    customer = CustomerFactory.create(name="Alpha")
    with pytest.raises(PermissionDenied):
        services.customer_update(actor=cast.viewer, customer=customer, name="Hacked")
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=cast.pcdirector, customer=customer, name="Eve")
    customer.refresh_from_db()
    assert customer.name == "Alpha"
    assert not AuditEvent.objects.exists()


def test_an_update_that_changes_nothing_writes_nothing(cast: Cast) -> None:
    customer = CustomerFactory.create(name="Alpha")
    services.customer_update(actor=cast.kam, customer=customer, name="Alpha")
    assert not AuditEvent.objects.filter(action="customer.update").exists()


def test_a_contact_reports_only_to_someone_in_the_same_group(cast: Cast) -> None:
    alpha, beta = CustomerFactory.create(name="Alpha"), CustomerFactory.create(name="Beta")
    stranger = ContactFactory.create(customer=beta)
    colleague = ContactFactory.create(customer=CustomerFactory.create(parent=alpha))
    contact = services.contact_create(
        actor=cast.kam, customer=alpha, name="Ana", reports_to=colleague
    )
    assert contact.reports_to == colleague
    with pytest.raises(ValidationError, match="same customer group"):
        services.contact_update(actor=cast.kam, contact=contact, reports_to=stranger)


def test_removing_a_manager_keeps_the_reports(cast: Cast) -> None:
    boss = ContactFactory.create(name="Boss")
    report = ContactFactory.create(customer=boss.customer, reports_to=boss)
    services.contact_delete(actor=cast.director, contact=boss)
    report.refresh_from_db()
    assert report.reports_to is None
    assert AuditEvent.objects.filter(action="contact.delete", actor=cast.director).exists()
