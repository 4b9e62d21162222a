"""Time the executive documents on the demo company: a Customer Executive Brief (PDF, PPTX)
and the programme executive summary (PDF), after a warm-up.

Usage: ``KAMP_DATA_DIR=DIR .venv/bin/python benchmarks/documents.py [--repeat 5]`` after
``KAMP_DATA_DIR=DIR .venv/bin/kamp demo --no-serve``. Documents are rendered in-process as the
``director`` demo user, for the key account whose group has the most companies (the biggest brief);
if the demo has no key account yet, the biggest customer group is nominated first. The
warm-up call pays for vl-convert's engine start and WeasyPrint's font set-up, which a running
server pays once. Targets: a brief under 2 s as PDF and under 1 s as PPTX.
The last line is one JSON object ``{"brief_pdf_s", "brief_pptx_s", "summary_pdf_s"}``.
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

    from kamp.accounts.models import KeyAccount
    from kamp.users.models import User


def _median_s(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: engine start, fonts, templates
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples), 3)


def _biggest_account(director: User) -> KeyAccount:
    from django.db.models import Count

    from kamp.accounts.models import KeyAccount
    from kamp.accounts.services import key_account_nominate
    from kamp.customers.models import Customer

    account = KeyAccount.objects.current().annotate(n=Count("customer__members")).order_by("-n")
    found = account.first()
    if found is not None:
        return found
    group = Customer.objects.groups().annotate(n=Count("members")).order_by("-n").first()
    assert group is not None, "the demo has no customer group"
    return key_account_nominate(actor=director, customer=group, tier="gold")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("KAMP_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamp.settings")
    import django

    django.setup()
    from kamp.documents.render import render
    from kamp.users.models import User

    director = User.objects.filter(username="director").first()
    if director is None:
        print("No demo data: run `kamp demo --no-serve` with the same KAMP_DATA_DIR.")  # noqa: T201
        return 1
    account = _biggest_account(director)
    figures = {
        "brief_pdf_s": _median_s(
            lambda: render("brief", "pdf", actor=director, key_account=account), args.repeat
        ),
        "brief_pptx_s": _median_s(
            lambda: render("brief", "pptx", actor=director, key_account=account), args.repeat
        ),
        "summary_pdf_s": _median_s(lambda: render("summary", "pdf", actor=director), args.repeat),
    }
    print(f"Key account: {account.customer.name}", file=sys.stderr)  # noqa: T201
    print(json.dumps(figures))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
