"""How big a file an import takes: rows, columns, cells, attribute size, unpacked XLSX size.

Every limit is checked before the file is parsed, from what can be counted cheaply: a CSV's
lines and its header's delimiters (byte counts, no parse); a workbook's central directory (the
unpacked size of every part), its sheet's ``<dimension ref>`` and then the sheet's XML streamed
in chunks (row numbers and cell columns counted, never kept); a Parquet file's metadata. A file
over a limit is refused with a message naming the file, the limit and the setting that raises
it, so memory stays bounded whatever the file holds (``benchmarks/import_memory.py``).

Settings (and environment variables of the same name): ``KAMP_IMPORT_MAX_ROWS``,
``KAMP_IMPORT_MAX_COLUMNS``, ``KAMP_IMPORT_MAX_CELLS``, ``KAMP_IMPORT_MAX_ATTRIBUTE_BYTES``,
``KAMP_IMPORT_MAX_XLSX_UNCOMPRESSED_MB``. Pure apart from reading those settings: no ORM.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

MB = 1024 * 1024
_CHUNK = 1024 * 1024
_HEAD = 4 * MB  # how much of workbook.xml and its relationships is read to find a sheet


class LimitError(ValueError):
    """The file is over a limit; the message says which and how to proceed."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Limits:
    """The largest file an import reads."""

    rows: int = 2_000_000
    columns: int = 200
    cells: int = 20_000_000
    attribute_bytes: int = 16_384
    xlsx_uncompressed_bytes: int = 500 * MB

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.KAMP_IMPORT_MAX_ROWS,
            columns=settings.KAMP_IMPORT_MAX_COLUMNS,
            cells=settings.KAMP_IMPORT_MAX_CELLS,
            attribute_bytes=settings.KAMP_IMPORT_MAX_ATTRIBUTE_BYTES,
            xlsx_uncompressed_bytes=settings.KAMP_IMPORT_MAX_XLSX_UNCOMPRESSED_MB * MB,
        )


def check_size(
    name: str, rows: int, columns: int, limits: Limits, *, row: int | None = None
) -> None:
    """Refuse ``rows`` × ``columns`` (counted or bounded from above) beyond the limits."""
    if rows > limits.rows:
        raise LimitError(
            _(
                "%(file)s has more than %(limit)s rows, the most one import takes "
                "(KAMP_IMPORT_MAX_ROWS): split the file."
            )
            % {"file": name, "limit": f"{limits.rows:,}"}
        )
    check_columns(name, columns, limits, row=row)
    if rows * columns > limits.cells:
        raise LimitError(
            _(
                "%(file)s has more than %(limit)s cells (%(rows)s rows × %(columns)s columns or "
                "more), the most one import takes (KAMP_IMPORT_MAX_CELLS): split the file or "
                "leave out the columns kamp does not need."
            )
            % {
                "file": name,
                "rows": f"{rows:,}",
                "columns": f"{columns:,}",
                "limit": f"{limits.cells:,}",
            }
        )


def check_columns(name: str, columns: int, limits: Limits, *, row: int | None = None) -> None:
    if columns > limits.columns:
        raise LimitError(
            _(
                "%(file)s has %(found)s columns; at most %(limit)s can be imported "
                "(KAMP_IMPORT_MAX_COLUMNS): column %(first)s is the first beyond the limit. "
                "Leave out the columns kamp does not need."
            )
            % {
                "file": name,
                "found": f"{columns:,}",
                "limit": f"{limits.columns:,}",
                "first": limits.columns + 1,
            },
            row=row,
        )


# -- CSV ---------------------------------------------------------------------------------------


def check_csv(name: str, body: bytes, delimiter: str, limits: Limits) -> None:
    """Lines (an upper bound on rows) and the widest of the first lines, counted as bytes."""
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    separator = delimiter.encode()
    widest, widest_line, start = 0, 1, 0
    for line in range(1, 32):  # the lines a header may be on, and a little more
        end = body.find(b"\n", start)
        width = body.count(separator, start, len(body) if end < 0 else end) + 1
        if width > widest:
            widest, widest_line = width, line
        if end < 0:
            break
        start = end + 1
    check_size(name, lines, widest, limits, row=widest_line)


# -- XLSX --------------------------------------------------------------------------------------

_SHEET = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'(?:^|\s)([\w:]+)\s*=\s*"([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_REFERENCE = re.compile(r"\$?([A-Z]{1,3})?\$?(\d+)?")
# Rows and cells without a namespace prefix (how writers put them: each pattern starts with
# a literal, which the regex engine finds at C speed), and with one (ten times slower).
_ROW_PLAIN = re.compile(rb'<row\s[^>]*?\br="(\d+)"')
_CELL_PLAIN = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,3})')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})')
_PREFIXED_ROW = re.compile(rb"<\w+:row\b")


def check_xlsx(name: str, data: bytes, sheet: str | None, limits: Limits) -> None:
    """Refuse a workbook that unpacks beyond the limit, or whose sheet holds too many cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > limits.xlsx_uncompressed_bytes:
                raise LimitError(
                    _(
                        "%(file)s unpacks to %(size)s MB, over the limit of %(limit)s MB "
                        "(KAMP_IMPORT_MAX_XLSX_UNCOMPRESSED_MB): save it as CSV or split it."
                    )
                    % {
                        "file": name,
                        "size": f"{unpacked / MB:,.0f}",
                        "limit": f"{limits.xlsx_uncompressed_bytes // MB:,}",
                    }
                )
            for path in _sheet_paths(archive, sheet):
                with archive.open(path) as part:
                    _check_sheet(name, part, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        return  # damaged: the workbook reader says so in its own words


def _sheet_paths(archive: zipfile.ZipFile, wanted: str | None) -> list[str]:
    """The XML part of the sheet to be read: ``wanted``, else the first; every sheet when the
    workbook does not say which part is which."""
    names = set(archive.namelist())
    every = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
    try:
        with archive.open("xl/workbook.xml") as part:
            book = part.read(_HEAD)
        with archive.open("xl/_rels/workbook.xml.rels") as part:
            rels = part.read(_HEAD)
    except KeyError:
        return every
    targets = {}
    for match in _RELATIONSHIP.finditer(rels):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        target = html.unescape(attributes.get(b"Target", b"").decode("utf-8", "replace"))
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attributes.get(b"Id", b"")] = path
    for match in _SHEET.finditer(book):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        title = html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
        if wanted is None or title == wanted:
            key = next((v for k, v in attributes.items() if k.endswith(b":id")), b"")
            path = targets.get(key, "")
            return [path] if path in names else every
    return every


def _chunks(part: IO[bytes]) -> Iterator[bytes]:
    """The part's bytes in pieces that end at a tag's start, so no tag is cut in two."""
    rest = b""
    while block := part.read(_CHUNK):
        block = rest + block
        cut = block.rfind(b"<")
        cut = len(block) if cut <= 0 else cut
        rest = block[cut:]
        yield block[:cut]
    if rest:
        yield rest


def _check_sheet(name: str, part: IO[bytes], limits: Limits) -> None:
    """Count the sheet's rows and the span of its columns as it streams; stop at a limit."""
    rows = last_row = 0
    first_column, last_column = 1 << 20, 0
    widest = current = 0  # cells in the fullest row, for cells that do not give their column
    for index, chunk in enumerate(_chunks(part)):
        if index == 0:
            _check_dimension(name, chunk, limits)
        found = _plain_counts(chunk) if b":row" not in chunk and b":c " not in chunk else None
        found = found or _counts(chunk)
        rows += found[0]
        if found[1]:
            last_row = max(last_row, max(map(int, found[1])))
        cells, columns = found[2], found[3]
        for letters in set(columns):
            number = _column_number(letters.decode())
            first_column, last_column = min(first_column, number), max(last_column, number)
        if cells > len(columns):  # cells without ``r``: count them row by row
            first, fullest, current_now = _cells_by_row(chunk)
            widest = max(widest, current + first, fullest)
            current = current_now if fullest >= 0 else current + first
        width = max(widest, current, last_column - first_column + 1 if last_column else 0)
        check_size(name, max(rows, last_row), width, limits)


_Counts = tuple[int, list[bytes], int, list[bytes]]


def _plain_counts(chunk: bytes) -> _Counts:
    """Rows, their numbers, cells and their column letters, from tags without a prefix."""
    return (
        chunk.count(b"<row ") + chunk.count(b"<row>"),
        _ROW_PLAIN.findall(chunk),
        chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>"),
        _CELL_PLAIN.findall(chunk),
    )


def _counts(chunk: bytes) -> _Counts:
    return (
        len(_ROW.findall(chunk)),
        _ROW_NUMBER.findall(chunk),
        len(_CELL.findall(chunk)),
        _CELL_COLUMN.findall(chunk),
    )


def _cells_by_row(chunk: bytes) -> tuple[int, int, int]:
    """Cells before the chunk's first row tag (the previous row's end), in its fullest whole
    row (-1 if none), and after its last row tag; counted by Polars, not a Python loop."""
    text = _PREFIXED_ROW.sub(b"<row", chunk).decode("utf-8", "replace")
    pieces = pl.Series([text]).str.split("<row").explode()
    counts = pieces.str.count_matches(r"<(?:\w+:)?c[\s>/]").fill_null(0)
    if counts.len() == 1:
        return int(counts[0]), -1, 0
    middle = counts.slice(1, counts.len() - 2)
    fullest = int(middle.max() or 0) if middle.len() else 0  # type: ignore[arg-type]
    return int(counts[0]), fullest, int(counts[-1])


def _check_dimension(name: str, head: bytes, limits: Limits) -> None:
    """The size the sheet declares (readers may reserve room for it) within the limits."""
    found = _DIMENSION.search(head[: 64 * 1024])
    if found is None:
        return
    corners = [
        _REFERENCE.fullmatch(c) for c in found.group(1).decode("ascii", "replace").split(":")
    ]
    if len(corners) != 2 or corners[0] is None or corners[1] is None:
        return
    (c1, r1), (c2, r2) = corners[0].groups(), corners[1].groups()
    rows = int(r2) - int(r1 or 1) + 1 if r2 else 1
    columns = _column_number(c2) - _column_number(c1 or "A") + 1 if c2 else 1
    check_size(name, max(rows, 1), max(columns, 1), limits)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def unpacked_size(path: Path) -> int:
    """What a workbook unpacks to, from its central directory (0 if the file is no archive)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        return 0


# -- Parquet -----------------------------------------------------------------------------------


def check_parquet(name: str, rows: int, columns: int, limits: Limits) -> None:
    """A Parquet file's rows and columns, from its metadata."""
    check_size(name, rows, columns, limits)
