"""The demo company generator: customers in groups, their contacts, and monthly sales facts.

Everything is drawn from one numpy generator seeded with ``seed``, so the same arguments always
give the same company.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from kamp.customers.demo.catalogue import (
    ANNUAL_REVENUE_PER_CUSTOMER,
    BUY_PROBABILITY,
    CONTACTS_BY_SIZE,
    COUNTRIES,
    DEFAULT_CUSTOMERS,
    DEFAULT_MONTHS,
    DEFAULT_SEED,
    DEMO_USERS,
    DISCOUNT,
    FIRST_SOURCE_NUMBER,
    INDUSTRIES,
    LINES_BY_SIZE,
    ORGANISATION,
    PRODUCT_LINES,
    ROOTS,
    SEASON,
    SIZE_QUANTILES,
    SIZES,
    SUFFIXES,
    TITLE_WEIGHTS,
    TITLES,
    UNITS,
    CountrySpec,
    DemoOrganisation,
    DemoUser,
    ascii_slug,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DemoCompany:
    """The whole demo company as plain data.

    ``customers``: source_id, name, parent_id, group_id (the head's id; null for heads), country,
    business_unit, industry, size. ``contacts``: contact_id, customer_id, name, title, email,
    phone, reports_to. ``sales``: customer_id, period (first of the month), product_line,
    business_unit, country, revenue, margin (both rounded to the cent), quantity, lines.
    """

    seed: int
    as_of: date
    months: tuple[date, ...]
    organisation: DemoOrganisation
    customers: pl.DataFrame
    contacts: pl.DataFrame
    sales: pl.DataFrame
    users: tuple[DemoUser, ...] = DEMO_USERS


def default_as_of(today: date | None = None) -> date:
    """The last day of the month before ``today``: the newest complete month."""
    return (today or date.today()).replace(day=1) - timedelta(days=1)


def month_starts(as_of: date, count: int = DEFAULT_MONTHS) -> tuple[date, ...]:
    """The first days of ``count`` months, ending with the last full month up to ``as_of``."""
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    index = as_of.year * 12 + as_of.month - 1 - (0 if as_of.day == last_day else 1)
    return tuple(date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1))


def generate_demo_company(
    *,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    n_customers: int = DEFAULT_CUSTOMERS,
    n_groups: int | None = None,
    months: int = DEFAULT_MONTHS,
) -> DemoCompany:
    """Invent the demo company. The same arguments always give the same company."""
    as_of = as_of or default_as_of()
    n_groups = n_groups if n_groups is not None else max(1, round(n_customers / 7.5))
    rng = np.random.default_rng(seed)
    base = _CustomerBase.generate(rng, n_customers, n_groups)
    periods = month_starts(as_of, months)
    return DemoCompany(
        seed=seed,
        as_of=as_of,
        months=periods,
        organisation=ORGANISATION,
        customers=base.frame(),
        contacts=_contacts(rng, base),
        sales=_sales(rng, base, periods),
    )


def apportion(total: int, weights: FloatArray) -> IntArray:
    """Split ``total`` into whole parts proportional to ``weights`` (largest remainder)."""
    exact = weights / weights.sum() * total
    parts = np.floor(exact).astype(np.int64)
    short = total - int(parts.sum())
    if short:
        # Stable sort: ties go to the earlier item, so the result is deterministic.
        parts[np.argsort(parts - exact, kind="stable")[:short]] += 1
    return parts


@dataclass
class _CustomerBase:
    """Customers while they are being invented: parallel lists, one entry per company."""

    source_id: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    parent: list[int | None] = field(default_factory=list)
    head: list[int] = field(default_factory=list)
    brand: list[str] = field(default_factory=list)
    country: list[int] = field(default_factory=list)
    industry: list[int] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)
    size: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def generate(cls, rng: np.random.Generator, n_customers: int, n_groups: int) -> _CustomerBase:
        """Groups of varying size, a head company each, subsidiaries across countries."""
        if n_customers < 2 * n_groups:
            raise ValueError("Each group needs a head and at least one subsidiary.")
        if n_groups > len(ROOTS) * len(SUFFIXES):
            raise ValueError("Too many groups for the demo's list of trade names.")
        # Lognormal sizes: most groups have 2 to 5 companies, a few multinationals over 50.
        sizes = 2 + apportion(n_customers - 2 * n_groups, rng.lognormal(0.0, 1.3, n_groups))
        brands = rng.permutation(len(ROOTS) * len(SUFFIXES))[:n_groups]
        base = cls()
        for group, size in enumerate(sizes):
            root, suffix = divmod(int(brands[group]), len(SUFFIXES))
            base._add_group(rng, ROOTS[root] + SUFFIXES[suffix], int(size))
        numbers = FIRST_SOURCE_NUMBER + rng.permutation(n_customers)
        base.source_id = [f"C{n:06d}" for n in numbers]
        cuts = np.quantile(base.scale, SIZE_QUANTILES)
        base.size = np.searchsorted(cuts, np.array(base.scale)).astype(np.int64)
        return base

    def _add_group(self, rng: np.random.Generator, brand: str, size: int) -> None:
        industry = int(rng.choice(len(INDUSTRIES), p=_weights(i[1] for i in INDUSTRIES)))
        trade = f"{brand} {INDUSTRIES[industry][2]}" if rng.random() < 0.45 else brand
        home = int(rng.choice(len(COUNTRIES), p=_weights(c.weight for c in COUNTRIES)))
        # Bigger groups are bigger customers, and so are their companies.
        group_scale = rng.lognormal(0.0, 0.7) * (1 + 0.25 * np.log(size))
        head = len(self.name)
        used: set[str] = set()
        for member in range(size):
            parent = None if member == 0 else self._pick_parent(rng, head, member, size)
            country = home if parent is None else self._pick_country(rng, parent)
            own = industry if rng.random() < 0.9 else int(rng.integers(len(INDUSTRIES)))
            self.parent.append(parent)
            self.head.append(head)
            self.brand.append(brand)
            self.country.append(country)
            self.industry.append(own)
            self.unit.append(int(rng.choice(len(UNITS), p=_weights(INDUSTRIES[own][3]))))
            boost = 1.8 if parent is None else 1.0
            self.scale.append(float(group_scale * boost * rng.lognormal(0.0, 1.0)))
            self.name.append(
                _company_name(rng, trade, COUNTRIES[country], is_head=parent is None, used=used)
            )

    def _pick_parent(self, rng: np.random.Generator, head: int, member: int, size: int) -> int:
        # Most companies sit right under the head; in big groups, some under a subsidiary that
        # itself sits under the head (a national holding), so groups are at most three deep.
        if rng.random() < (0.75 if size < 10 else 0.5):
            return head
        holdings = [i for i in range(head + 1, head + member) if self.parent[i] == head]
        return holdings[int(rng.integers(len(holdings)))] if holdings else head

    def _pick_country(self, rng: np.random.Generator, parent: int) -> int:
        if rng.random() < 0.4:
            return self.country[parent]
        return int(rng.choice(len(COUNTRIES), p=_weights(c.weight for c in COUNTRIES)))

    def frame(self) -> pl.DataFrame:
        """The customers as a DataFrame, in the order of their ids (as an ERP lists them)."""
        ids = self.source_id
        return pl.DataFrame(
            {
                "source_id": ids,
                "name": self.name,
                "parent_id": [None if p is None else ids[p] for p in self.parent],
                "group_id": [None if h == i else ids[h] for i, h in enumerate(self.head)],
                "country": [COUNTRIES[c].code for c in self.country],
                "business_unit": [UNITS[u].code for u in self.unit],
                "industry": [INDUSTRIES[i][0] for i in self.industry],
                "size": [SIZES[s] for s in self.size],
            },
            schema_overrides={"parent_id": pl.String, "group_id": pl.String},
        ).sort("source_id")


def _weights(values: Iterable[float]) -> FloatArray:
    """Probabilities proportional to ``values``."""
    array = np.fromiter(values, dtype=np.float64)
    total: float = array.sum()
    return array / total


def _company_name(
    rng: np.random.Generator, trade: str, country: CountrySpec, *, is_head: bool, used: set[str]
) -> str:
    """A head is "Trade Group"-like; a subsidiary takes its country, then a city, as its name."""
    if is_head:
        name = f"{trade} Group" if rng.random() < 0.5 else f"{trade} {country.legal[0]}"
    elif (candidate := f"{trade} {country.local} {country.legal[1]}") not in used:
        name = candidate
    else:
        name = next(
            (
                n
                for city in rng.permutation(len(country.cities))
                for site in ("", " Plant", " Services", " Logistics")
                if (n := f"{trade} {country.cities[city]}{site} {country.legal[1]}") not in used
            ),
            f"{trade} {country.local} {len(used)} {country.legal[1]}",
        )
    used.add(name)
    return name


def _contacts(rng: np.random.Generator, base: _CustomerBase) -> pl.DataFrame:
    """1 to 6 people per company, more at big ones; the CEO first, everyone else below."""
    rows: dict[str, list[str | None]] = {
        k: [] for k in ("contact_id", "customer_id", "name", "title", "email", "phone")
    }
    rows["reports_to"] = []
    for index, customer_id in enumerate(base.source_id):
        low, high = CONTACTS_BY_SIZE[base.size[index]]
        count = int(rng.integers(low, high + 1))
        others = rng.choice(
            len(TITLES) - 1, count - 1, replace=False, p=_weights(TITLE_WEIGHTS[1:])
        )
        titles = [0, *sorted(int(i) + 1 for i in others)]  # sorted: managers before their reports
        country = COUNTRIES[base.country[index]]
        ids: dict[str, str] = {}
        names: set[str] = set()
        for title_index in titles:
            title, boss = TITLES[title_index]
            first, last = _person(rng, country, names)
            contact_id = f"P{len(rows['contact_id']) + 1:07d}"
            ids[title] = contact_id
            rows["contact_id"].append(contact_id)
            rows["customer_id"].append(customer_id)
            rows["name"].append(f"{first} {last}")
            rows["title"].append(title)
            domain = f"{ascii_slug(base.brand[index])}.{country.tld}"
            rows["email"].append(f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}")
            digits = rng.integers(100, 1000, 3)
            rows["phone"].append(f"{country.phone} {digits[0]} {digits[1]} {digits[2]}")
            rows["reports_to"].append(_manager(ids, boss))
    return pl.DataFrame(rows, schema={k: pl.String for k in rows})


def _person(rng: np.random.Generator, country: CountrySpec, taken: set[str]) -> tuple[str, str]:
    while True:
        first = country.first_names[int(rng.integers(len(country.first_names)))]
        last = country.last_names[int(rng.integers(len(country.last_names)))]
        if f"{first} {last}" not in taken or len(taken) > 40:
            taken.add(f"{first} {last}")
            return first, last


def _manager(ids: dict[str, str], boss: str | None) -> str | None:
    """The contact id of ``boss``, or of the CEO when the company has no such person."""
    if boss is None:
        return None
    return ids.get(boss) or ids["CEO"]


def _product_mix(
    rng: np.random.Generator, base: _CustomerBase
) -> tuple[IntArray, IntArray, FloatArray]:
    """(customer, product line, share of the customer's revenue) for every line it buys."""
    customers: list[int] = []
    lines: list[int] = []
    shares: list[float] = []
    unit_of_line = [next(i for i, u in enumerate(UNITS) if u.code == p.unit) for p in PRODUCT_LINES]
    for index in range(len(base.source_id)):
        affinity = np.array(INDUSTRIES[base.industry[index]][3])[unit_of_line]
        # A customer buys mostly from the unit that serves it, and some from the others.
        weight = affinity * np.where(np.array(unit_of_line) == base.unit[index], 4.0, 1.0)
        low, high = LINES_BY_SIZE[base.size[index]]
        count = int(rng.integers(low, high + 1))
        chosen = rng.choice(len(PRODUCT_LINES), count, replace=False, p=weight / weight.sum())
        share = rng.gamma(2.0, size=count) * weight[chosen]
        customers.extend([index] * count)
        lines.extend(int(c) for c in chosen)
        shares.extend(share / share.sum())
    return np.array(customers), np.array(lines), np.array(shares)


def _sales(
    rng: np.random.Generator, base: _CustomerBase, periods: tuple[date, ...]
) -> pl.DataFrame:
    """Monthly facts for every customer x product line x month with an order in it."""
    n, m = len(base.source_id), len(periods)
    pair_customer, pair_line, pair_share = _product_mix(rng, base)
    size = base.size
    # Churn and late starts: about 9 % stop buying, about 11 % start during the window.
    first = np.where(rng.random(n) < 0.11, rng.integers(3, m - 2, n), 0)
    last = np.where(
        (rng.random(n) < 0.09 + 0.03 * (size < 2)) & (first == 0), rng.integers(5, m - 3, n), m - 1
    )
    growth = rng.normal(0.04, 0.12, n)  # yearly trend
    annual = np.array(base.scale) / np.mean(base.scale) * ANNUAL_REVENUE_PER_CUSTOMER

    customer = np.repeat(pair_customer, m)
    line = np.repeat(pair_line, m)
    month = np.tile(np.arange(m), len(pair_customer))
    buy = BUY_PROBABILITY[size[customer]]
    keep = (month >= first[customer]) & (month <= last[customer]) & (rng.random(len(month)) < buy)
    customer, line, month, buy = customer[keep], line[keep], month[keep], buy[keep]
    share = np.repeat(pair_share, m)[keep]

    season = SEASON[np.array([p.month - 1 for p in periods])[month]]
    trend = (1 + growth[customer]) ** ((month - m + 1) / 12)
    noise = rng.lognormal(-0.06, 0.35, len(month))
    # Dividing by the chance of an order keeps a customer's yearly revenue whatever its rhythm.
    revenue = np.maximum(
        np.round(annual[customer] / 12 * share * season * trend * noise / buy, 2), 20.0
    )
    margin_rate = np.array([p.margin for p in PRODUCT_LINES])[line] - DISCOUNT[size[customer]]
    margin_rate = np.clip(margin_rate + rng.normal(0, 0.035, len(month)), 0.03, 0.7)
    price = np.array([p.price for p in PRODUCT_LINES])[line] * rng.lognormal(0, 0.15, len(month))
    ticket = np.array([p.ticket for p in PRODUCT_LINES])[line]
    line_codes = pl.Series([p.code for p in PRODUCT_LINES])
    line_units = pl.Series([p.unit for p in PRODUCT_LINES])
    countries = pl.Series([COUNTRIES[c].code for c in base.country])
    return pl.DataFrame(
        {
            "customer_id": pl.Series(base.source_id).gather(customer),
            "period": pl.Series(periods).gather(month),
            "product_line": line_codes.gather(line),
            "business_unit": line_units.gather(line),
            "country": countries.gather(customer),
            "revenue": revenue,
            "margin": np.round(revenue * margin_rate, 2),
            "quantity": np.maximum(1, np.round(revenue / price)).astype(np.int64),
            "lines": np.maximum(1, rng.poisson(revenue / ticket)).astype(np.int64),
        }
    ).sort("customer_id", "period", "product_line")
