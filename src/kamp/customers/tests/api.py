"""Helpers shared by the customers API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

CUSTOMERS = "/api/v1/customers"
GROUPS = "/api/v1/groups"


def this_month() -> dt.date:
    return dt.date.today().replace(day=1)


def names(response: Any) -> set[str]:
    return {item["name"] for item in response.json()["items"]}
