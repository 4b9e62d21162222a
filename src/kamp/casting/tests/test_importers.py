"""Importers of assessments and profiles: round trip, all or nothing, errors that say where."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kamp.casting import services
from kamp.casting.commands import casting_import_assessments, casting_import_profiles
from kamp.casting.importers import Row, parse_rows
from kamp.casting.models import AttainedLevel, RoleProfile

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Cast
    from kamp.casting.tests.conftest import Team

CODES = {"leader", "seller", "planner", "visionary"}
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12)
ROWS = st.lists(
    st.tuples(NAMES, st.sampled_from(sorted(CODES)), st.integers(1, 5)),
    max_size=30,
    unique_by=lambda r: (r[0], r[1]),
)


def _csv(rows: list[tuple[str, str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["person", "competency", "level"])
    writer.writerows(rows)
    return out.getvalue()


@given(ROWS)
def test_any_valid_rows_round_trip(rows: list[tuple[str, str, int]]) -> None:
    assert parse_rows(_csv(list(rows)), "levels.csv", CODES) == [Row(*r) for r in rows]


def test_errors_name_file_row_column_and_reason() -> None:
    text = _csv([("ana", "seller", 3), ("ana", "juggler", 2), ("bo", "seller", 7),
                 ("", "seller", 1), ("ana", "seller", 2)])  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        parse_rows(text, "levels.csv", CODES)
    assert caught.value.messages == [
        "levels.csv, row 3, column competency: unknown competency",
        "levels.csv, row 4, column level: a whole number from 1 to 5",
        "levels.csv, row 5, column person: empty",
        "levels.csv, row 6, column competency: given twice",
    ]
    with pytest.raises(ValidationError, match="missing column"):
        parse_rows("person,level\n", "x.csv", CODES)
    with pytest.raises(ValidationError, match="not TOML"):
        parse_rows("rows = [", "x.toml", CODES)
    toml = '[[rows]]\nperson = "ana"\ncompetency = "seller"\nlevel = 4\n'
    assert parse_rows(toml, "x.toml", CODES) == [Row("ana", "seller", 4)]


@pytest.mark.django_db
def test_import_assessments_all_or_nothing(cast: Cast, team: Team, tmp_path: Path) -> None:
    good = tmp_path / "levels.csv"
    good.write_text(_csv([("kam2", "seller", 5), ("kam2", "visionary", 4)]), encoding="utf-8")
    campaign = services.campaign_create(
        actor=cast.director, name="Imported", framework=team.framework, people=[]
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(_csv([("kam2", "seller", 5), ("ghost", "seller", 4)]), encoding="utf-8")
    with pytest.raises(ValidationError, match="bad.csv, row 2, column person"):
        casting_import_assessments(bad, "Imported")
    assert not AttainedLevel.objects.filter(assessment__campaign=campaign).exists()
    assert casting_import_assessments(good, "Imported") == {"imported": ["kam2"]}
    levels = AttainedLevel.objects.filter(assessment__campaign=campaign)
    assert {(lv.competency.code, lv.level) for lv in levels} == {("seller", 5), ("visionary", 4)}
    with pytest.raises(ValidationError, match="No campaign"):
        casting_import_assessments(good, "Nope")


@pytest.mark.django_db
def test_import_profiles(cast: Cast, team: Team, tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(
        '[[rows]]\nperson = "Hunter"\ncompetency = "seller"\nlevel = 5\nweight = 3\n'
        'reason = "growth"\n[[rows]]\nperson = "Hunter"\ncompetency = "leader"\nlevel = 3\n',
        encoding="utf-8",
    )
    assert casting_import_profiles(path, "halifax") == {"profiles": ["Hunter"]}
    hunter = RoleProfile.objects.get(name="Hunter")
    assert {(r.competency.code, r.level, r.weight) for r in hunter.requirements.all()} == {
        ("seller", 5, 3.0),
        ("leader", 3, 1.0),
    }
    with pytest.raises(ValidationError, match="No framework"):
        casting_import_profiles(path, "nope")
