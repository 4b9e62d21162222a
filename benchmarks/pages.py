"""Time kamp's main pages on the demo company, against a reference measured in the same run.

Usage: ``KAMP_DATA_DIR=DIR .venv/bin/python benchmarks/pages.py [--repeat 15]`` after
``KAMP_DATA_DIR=DIR .venv/bin/kamp demo --no-serve``. Pages are rendered in-process through
Django's test client (no network), as the ``director`` demo user. The reference is the login
page, which touches no customer data: a ratio says how much a page costs beyond the framework's
own floor on this machine. The last line is one JSON object with milliseconds and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches and templates
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("KAMP_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamp.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kamp.customers.models import Customer
    from kamp.users.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    setup_test_environment()
    director = User.objects.filter(username="director").first()
    if director is None:
        print("No demo data: run `kamp demo --no-serve` with the same KAMP_DATA_DIR.")  # noqa: T201
        return 1
    biggest_group = Customer.objects.groups().annotate(n=Count("members")).order_by("-n").first()
    assert biggest_group is not None
    anonymous = Client()
    client = Client()
    client.force_login(director)

    def get(c: Client, url: str, **headers: str) -> Callable[[], object]:
        def call() -> object:
            response = c.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    pages = {
        "customer_list": get(client, "/customers/"),
        "customer_list_search_htmx": get(client, "/customers/?q=ind", **{"HX-Request": "true"}),
        "customer_list_by_revenue": get(client, "/customers/?sort=-revenue"),
        "customer_list_filtered": get(client, "/customers/?country=ES&sort=-revenue"),
        "group_page_biggest": get(client, biggest_group.get_absolute_url()),
        "api_customers": get(client, "/api/v1/customers?limit=50"),
    }
    reference = _median_ms(get(anonymous, "/login/"), args.repeat)
    result: dict[str, object] = {
        "customers": Customer.objects.count(),
        "reference_login_ms": round(reference, 1),
    }
    for name, call in pages.items():
        ms = _median_ms(call, args.repeat)
        result[f"{name}_ms"] = round(ms, 1)
        result[f"{name}_ratio"] = round(ms / reference, 1)
        print(f"{name:32} {ms:8.1f} ms  {ms / reference:6.1f} x login page")  # noqa: T201
    print(json.dumps(result))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
