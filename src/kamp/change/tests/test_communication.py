"""The communication plan, announcements to an audience and their read receipts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from kamp.change import selectors, services
from kamp.change.models import AnnouncementRead, CommunicationItem

if TYPE_CHECKING:
    from django.test import Client

    from conftest import Cast

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_an_announcement_reaches_its_audience_and_records_who_read_it(
    client: Client, cast: Cast
) -> None:
    item = services.communication_item_create(
        actor=cast.director,
        audience="kams",
        message="How plans are reviewed",
        channel="announcement",
        planned_on=DAY,
    )
    announcement = services.announcement_publish(
        actor=cast.director,
        title="Plan reviews",
        body="Every plan is reviewed.",
        audience="kams",
        published_on=DAY,
        plan_item=item,
    )
    item.refresh_from_db()
    assert item.status == CommunicationItem.Status.DONE
    client.force_login(cast.kam)
    unread = client.get(reverse("change:announcement-unread"))
    assert b"Plan reviews" in unread.content
    assert client.get(announcement.get_absolute_url()).status_code == 200
    client.get(announcement.get_absolute_url())
    assert AnnouncementRead.objects.filter(reader=cast.kam).count() == 1
    assert b"Plan reviews" not in client.get(reverse("change:announcement-unread")).content
    client.force_login(cast.pcdirector)
    assert client.get(announcement.get_absolute_url()).status_code == 404
    assert selectors.announcement_list(actor=cast.pcdirector) == []
    client.force_login(cast.director)
    page = client.get(announcement.get_absolute_url())
    assert b"kam" in page.content and page.context["readers"][0].reader == cast.kam
    [listed] = selectors.announcement_list(actor=cast.executive)
    assert listed.read_count == 2  # type: ignore[attr-defined]


def test_only_the_director_plans_and_publishes(client: Client, cast: Cast) -> None:
    url = reverse("change:communication")
    body = {
        "form": "item",
        "audience": "company",
        "message": "Launch",
        "channel": "event",
        "planned_on": "2026-04-01",
    }
    client.force_login(cast.executive)
    assert client.get(url).status_code == 200
    assert client.post(url, body).status_code == 403
    client.force_login(cast.kam)
    assert client.get(url).status_code == 403
    client.force_login(cast.director)
    assert client.post(url, body).status_code == 302
    publish = {
        "form": "announcement",
        "title": "We start",
        "body": "Hello",
        "audience": "company",
        "published_on": "2026-04-01",
    }
    assert client.post(url, publish).status_code == 302
    assert [i.message for i in selectors.communication_plan(actor=cast.executive)] == ["Launch"]
    client.force_login(cast.viewer)
    assert b"We start" in client.get(reverse("change:announcement-list")).content
