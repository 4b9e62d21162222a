"""Communication pages: the plan, publishing announcements, reading them (with receipts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kamp.change import selectors, services
from kamp.change.forms import AnnouncementForm, CommunicationItemForm
from kamp.change.permissions import (
    can_manage,
    check_manager,
    check_member,
    check_reader,
    get_announcement_for,
)
from kamp.change.views.common import posted, saved

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpResponse

    from kamp.users.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def communication_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The communication plan and the announcements (director and executives)."""
    (check_manager if request.method == "POST" else check_reader)(request.user)
    actor = request.user
    item = posted(request, "item", CommunicationItemForm)
    announcement = posted(request, "announcement", AnnouncementForm)
    if saved(
        request, item, lambda: services.communication_item_create(actor=actor, **item.cleaned_data)
    ) or saved(
        request,
        announcement,
        lambda: services.announcement_publish(actor=actor, **announcement.cleaned_data),
    ):
        return redirect("change:communication")
    manage = can_manage(actor)
    context = {
        "items": selectors.communication_plan(actor=actor),
        "announcements": selectors.announcement_list(actor=actor),
        "item_form": item if manage else None,
        "announcement_form": announcement if manage else None,
    }
    return render(request, "change/communication.html", context)


@require_GET
def announcement_list(request: AuthenticatedHttpRequest, *, unread: bool = False) -> HttpResponse:
    """The announcements addressed to the user (or only those not opened yet)."""
    check_member(request.user)
    context = {
        "announcements": selectors.announcement_list(actor=request.user, unread_only=unread),
        "unread": unread,
    }
    return render(request, "change/announcement_list.html", context)


@require_GET
def announcement_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """An announcement; opening it records the read receipt. The director sees who read it."""
    announcement = get_announcement_for(request.user, public_id)
    services.announcement_mark_read(actor=request.user, announcement=announcement)
    readers = selectors.announcement_readers(announcement=announcement)
    context = {
        "announcement": announcement,
        "readers": readers if can_manage(request.user) else None,
    }
    return render(request, "change/announcement_detail.html", context)
