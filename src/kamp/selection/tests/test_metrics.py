"""Account metrics and segments from small literal frames, checked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kamp.selection.metrics import abc_classes, account_metrics
from kamp.selection.segments import SegmentSpec, assign_segments, rule_problems

AS_OF = dt.date(2025, 12, 31)


def d(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def facts() -> pl.DataFrame:
    """Account 1 sells 51.2 -> 64 -> 80 -> 100 over four years (25 % a year); account 2
    stopped in June 2025."""
    rows = [
        (1, d(2025, 12), "PUMPS", "ES", 60.0, 18.0),
        (1, d(2025, 1), "CHEM", "FR", 40.0, 12.0),
        (1, d(2024, 6), "PUMPS", "ES", 80.0, 20.0),
        (1, d(2023, 1), "PUMPS", "ES", 64.0, 10.0),
        (1, d(2022, 12), "PUMPS", "ES", 51.2, 0.0),
        (1, d(2021, 12), "PUMPS", "ES", 999.0, 0.0),  # older than four years: ignored
        (2, d(2025, 6), "PUMPS", "ES", 50.0, 5.0),
        (2, d(2025, 6), "PUMPS", "PT", -10.0, -1.0),  # a credit note
        (2, d(2024, 3), "PUMPS", "ES", 100.0, 10.0),
        (3, d(2026, 1), "PUMPS", "ES", 70.0, 7.0),  # after as_of: ignored
    ]
    columns = ["account", "period", "product_line", "country", "revenue", "margin"]
    return pl.DataFrame(rows, schema=columns, orient="row")


def metrics() -> dict[int, dict[str, object]]:
    accounts = pl.DataFrame({"account": [1, 2, 3], "wallet": [400.0, None, 10.0]})
    frame = account_metrics(facts(), as_of=AS_OF, accounts=accounts)
    return {row["account"]: row for row in frame.iter_rows(named=True)}


def test_it_sums_rolling_years() -> None:
    m = metrics()
    assert (m[1]["revenue_12m"], m[1]["revenue_y1"], m[1]["revenue_y2"]) == (100, 80, 64)
    assert (m[2]["revenue_12m"], m[2]["revenue_y1"]) == (40, 100)
    assert m[3]["revenue_12m"] == 0


def test_it_computes_growth_and_cagr() -> None:
    m = metrics()
    assert m[1]["revenue_growth_yoy"] == pytest.approx(0.25)
    # Three intervals between four yearly figures: (100 / 51.2) ** (1/3) - 1 = 25 %, not the
    # two-interval (100 / 64) ** (1/2) - 1 the metric used to be.
    assert m[1]["revenue_y3"] == pytest.approx(51.2)
    assert m[1]["revenue_cagr_3y"] == pytest.approx(0.25)
    assert m[2]["revenue_growth_yoy"] == pytest.approx(-0.6)
    assert m[2]["revenue_cagr_3y"] is None  # nothing three years back
    assert m[3]["revenue_growth_yoy"] is None


def test_it_computes_margin_breadth_recency_and_frequency() -> None:
    m = metrics()
    assert m[1]["margin_pct"] == pytest.approx(30.0)
    assert (m[1]["product_lines"], m[1]["countries"]) == (2, 2)
    assert (m[2]["product_lines"], m[2]["countries"]) == (1, 1)  # the credit note is no sale
    assert (m[1]["recency_months"], m[2]["recency_months"]) == (0, 6)
    assert (m[1]["frequency_12m"], m[2]["frequency_12m"]) == (2, 1)
    assert m[3]["recency_months"] is None
    assert m[1]["product_lines_bought"] == ["CHEM", "PUMPS"]


def test_it_computes_share_of_wallet_and_white_space_where_a_wallet_exists() -> None:
    m = metrics()
    assert (m[1]["share_of_wallet"], m[1]["white_space"], m[1]["potential"]) == (0.25, 300, 400)
    assert (m[2]["share_of_wallet"], m[2]["white_space"], m[2]["potential"]) == (None, None, 40)
    assert m[3]["white_space"] == 10  # no revenue: the whole wallet is white space


def test_share_of_wallet_is_capped_at_one() -> None:
    """Revenue 100 against a wallet of 40: the estimate is low, the share is 1, no white space."""
    accounts = pl.DataFrame({"account": [1], "wallet": [40.0]})
    row = account_metrics(facts(), as_of=AS_OF, accounts=accounts).row(0, named=True)
    assert (row["share_of_wallet"], row["white_space"]) == (1.0, 0.0)


def test_share_of_wallet_is_computed_on_the_wallets_period() -> None:
    """A wallet for 2024 meets the revenue of 2024 (80), not the last twelve months (100); a
    wallet for the year the data end in meets the months covered (here all twelve of 2025); a
    wallet for a year before the data gives no share."""
    accounts = pl.DataFrame(
        {"account": [1, 2, 3], "wallet": [320.0, 200.0, 10.0], "wallet_year": [2024, 2025, 2019]}
    )
    frame = account_metrics(facts(), as_of=AS_OF, accounts=accounts)
    m = {row["account"]: row for row in frame.iter_rows(named=True)}
    assert m[1]["share_of_wallet"] == pytest.approx(80 / 320)
    assert m[1]["white_space"] == pytest.approx(240)
    assert m[2]["share_of_wallet"] == pytest.approx(40 / 200)
    assert m[3]["share_of_wallet"] is None
    assert m[3]["potential"] == 10  # the wallet is still the potential


def test_share_of_wallet_in_a_year_not_over_compares_the_months_covered() -> None:
    """Data to June 2025 and a 2025 wallet of 240: six months of revenue (50 - 10 = 40, the
    credit note included) against half the wallet, 120."""
    accounts = pl.DataFrame({"account": [2], "wallet": [240.0], "wallet_year": [2025]})
    row = account_metrics(facts(), as_of=dt.date(2025, 6, 30), accounts=accounts).row(0, named=True)
    assert row["share_of_wallet"] == pytest.approx(40 / 120)


def test_abc_classes_follow_the_cumulative_share_of_revenue() -> None:
    """Revenue 50, 30, 10, 6, 4 of 100: before each, 0 / 50 / 80 / 90 / 96 % -> A A B B C."""
    frame = pl.DataFrame({"account": [5, 4, 3, 2, 1], "revenue_12m": [4.0, 6, 10, 30, 50]})
    assert abc_classes(frame).to_list() == ["C", "B", "B", "A", "A"]
    assert abc_classes(frame, cuts=(0.5, 0.9)).to_list() == ["C", "C", "B", "B", "A"]


def test_abc_ties_are_ranked_by_account() -> None:
    frame = pl.DataFrame({"account": [2, 1, 3], "revenue_12m": [40.0, 40.0, 20.0]})
    # 1 first (0 % before), then 2 (40 %), then 3 (80 %: not below 80 %)
    assert abc_classes(frame).to_list() == ["A", "A", "B"]


def segment_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account": [1, 2, 3],
            "industry": ["Chemicals", "Food & beverage", None],
            "country": ["ES", "FR", "DE"],
            "size": ["large", "small", "large"],
            "business_unit": ["IND", "ENV", "IND"],
            "attributes": ['{"wallet": 500, "region": "south"}', "{}", '{"wallet": 50}'],
            "product_lines_bought": [["PUMPS"], ["CHEM"], []],
            "revenue_12m": [100.0, 5.0, 0.0],
        }
    )


def test_segments_are_assigned_by_rules() -> None:
    segments = [
        SegmentSpec(
            "Large process industry",
            (
                {"field": "size", "op": "in", "values": ["large"]},
                {"field": "industry", "op": "not_in", "values": ["Food & beverage"]},
            ),
            fit=8,
        ),
        SegmentSpec(
            "Pump buyers or big wallets",
            (
                {"field": "product_line", "op": "in", "values": ["PUMPS"]},
                {"field": "attribute:wallet", "op": "gte", "values": 100},
            ),
            match="any",
            fit=6,
        ),
        SegmentSpec("Small", ({"field": "revenue_12m", "op": "lte", "values": 10},), fit=None),
    ]
    out = assign_segments(segment_frame(), segments)
    assert out["segments"].to_list() == [
        ["Large process industry", "Pump buyers or big wallets"],
        ["Small"],
        ["Large process industry", "Small"],
    ]
    assert out["segment"].to_list() == ["Large process industry", "Small", "Large process industry"]
    assert out["segment_fit"].to_list() == [8.0, None, 8.0]


def test_it_checks_rules() -> None:
    assert rule_problems({"field": "industry", "op": "in", "values": ["Chemicals"]}) == []
    assert rule_problems({"field": "colour", "op": "in", "values": ["red"]}) == [
        "unknown field 'colour'"
    ]
    assert rule_problems({"field": "industry", "op": "gte", "values": 3})
    assert rule_problems({"field": "revenue_12m", "op": "gte", "values": "big"})
    assert rule_problems({"field": "country", "op": "in", "values": []})
