"""Read a CSV, XLSX or Parquet file into a frame of text columns, whatever its dialect.

The format comes from the file's first bytes (a file whose name says otherwise is refused);
CSV encodings (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 / Latin-1) and
delimiters (``,`` ``;`` tab ``|``) are detected; the header row is the row that best reads as
headers of the kind being imported, so title lines above it are skipped. Every data row keeps
``_row``: the line of the file, or the spreadsheet's row, as the user sees it. Files beyond the
:mod:`~kamp.imports.limits` are refused before they are parsed.

Pure: bytes in, a :class:`Table` out; no ORM.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from kamp.imports import limits
from kamp.imports.mapping import recognised_count

if TYPE_CHECKING:
    from kamp.imports.mapping import Mapping

Format = Literal["csv", "xlsx", "parquet"]
ROW = "_row"  # the column holding each row's number as the user sees it
HEADER_SEARCH_ROWS = 30
_BATCH = 50_000  # rows the exact CSV reader holds as Python values before making a frame
_SAMPLE_BYTES = 64 * 1024
_BLANK = re.compile(rb"(?:\xef\xbb\xbf)?\s*")
_EXTENSIONS: dict[str, Format] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
}


class ReadError(ValueError):
    """The file cannot be read as a table; the message tells the user what to do."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Table:
    """A file read as text columns named by its headers, plus ``_row``."""

    frame: pl.DataFrame
    headers: list[str]
    format: Format
    header_row: int  # the header's line or spreadsheet row, as the user counts
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None

    @property
    def rows(self) -> int:
        return self.frame.height


def read_table(
    data: bytes,
    *,
    file_name: str,
    kind: str,
    mapping: Mapping,
    bounds: limits.Limits | None = None,
) -> Table:
    """Read ``data`` (the whole file) as a :class:`Table`, or raise :class:`ReadError`."""
    fmt = detect_format(data, file_name)
    name = PurePath(file_name).name
    bounds = bounds or limits.Limits.from_settings()
    try:
        if fmt == "xlsx":
            table = _read_xlsx(data, kind, mapping, name, bounds)
        elif fmt == "parquet":
            table = _read_parquet(data, name, bounds)
        else:
            table = _read_csv(data, kind, mapping, name, bounds)
        limits.check_columns(name, len(table.headers), bounds, row=table.header_row or None)
    except limits.LimitError as error:
        raise ReadError(str(error), row=error.row) from None
    _check_headers(table)
    return table


def _check_headers(table: Table) -> None:
    for position, header in enumerate(table.headers, start=1):
        if "\x00" in header:
            raise ReadError(
                _(
                    "The header of column %(n)s holds a NUL character (\\x00), which kamp does "
                    "not store: remove it from the file."
                )
                % {"n": position},
                row=table.header_row or None,
            )


def detect_format(data: bytes, file_name: str) -> Format:
    """The format the content is in; refuse empty, binary or misnamed files."""
    if _BLANK.fullmatch(data[:_SAMPLE_BYTES]) and _BLANK.fullmatch(data):
        raise ReadError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        found: Format = "xlsx"
    elif data.startswith(b"PAR1"):
        found = "parquet"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            _("Excel 97-2003 workbooks (.xls) are not supported: save it as .xlsx or CSV.")
        )
    elif _binary(data[:_SAMPLE_BYTES]) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(_("This is not a CSV, XLSX or Parquet file: it holds binary data."))
    else:
        found = "csv"
    named = _EXTENSIONS.get(PurePath(file_name).suffix.lower())
    if named is not None and named != found:
        raise ReadError(
            _("The file is named %(name)s but holds %(found)s data: rename it to .%(ext)s.")
            % {"name": file_name, "found": found.upper(), "ext": found}
        )
    return found


_CONTROLS = bytes([*range(9), 11, *range(14, 32), 127])  # not tab, line ends or form feed


def _binary(sample: bytes) -> bool:
    """Whether the file's start reads as binary: NUL bytes among many control bytes, or many NUL
    bytes (a stray NUL in text is that cell's problem, reported with its row and column)."""
    nuls = sample.count(b"\x00")
    if not nuls:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return nuls > max(16, len(sample) // 100) or (controls - nuls) * 100 > len(sample)


# -- CSV ---------------------------------------------------------------------------------------


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text and the name of its encoding: the one asked for, a BOM's, UTF-8 or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16"), "utf-16"
    if encoding:
        return _decode_as(data, encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise ReadError(_("Unknown encoding %(name)r.") % {"name": encoding}) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ReadError(
            _(
                "Line %(line)s is not valid %(encoding)s (byte 0x%(byte)02X): set the file's "
                'real encoding in the mapping, e.g. encoding = "cp1252".'
            )
            % {"line": line, "encoding": encoding, "byte": data[error.start]},
            row=line,
        ) from None


def sniff_delimiter(sample: str) -> str:
    """The delimiter among ``,`` ``;`` tab and ``|`` that splits the first lines most evenly."""
    lines = [line for line in sample.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(_split_line(line, delimiter)) - 1 for line in lines]
        if not counts or max(counts) == 0:
            continue
        modal = max(set(counts), key=counts.count)
        # Lines that agree with the most common count, weighted by how many columns they make.
        score = counts.count(modal) * (1 + min(modal, 50) / 100)
        if modal and score > best_score:
            best, best_score = delimiter, score
    return best


def _split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _read_csv(data: bytes, kind: str, mapping: Mapping, name: str, bounds: limits.Limits) -> Table:
    body, encoding = utf8_body(data, mapping.encoding)
    sample = body[:_SAMPLE_BYTES].decode("utf-8", errors="ignore")
    delimiter = mapping.delimiter or sniff_delimiter(sample)
    limits.check_csv(name, body, delimiter, bounds)
    records = _first_records(sample, delimiter)
    if not records:
        raise ReadError(_("The file is empty."))
    index = _header_index([cells for _start, _end, cells in records], kind, mapping, 1, records)
    start, end, _cells = records[index]
    frame = _polars_csv(body, delimiter, start - 1)
    if frame is None and encoding == "utf-8" and mapping.encoding is None and not _utf8(body):
        body, encoding = _not_utf8(data)  # refused if UTF-8 but for some bytes
        frame = _polars_csv(body, delimiter, start - 1)
    if frame is None:
        frame = _python_csv(_decode_as(body, "utf-8"), delimiter, start - 1)
    if b'"' in body:
        frame = _count_embedded_lines(frame)
    frame = _finish(frame, first_row=end + 1)
    return Table(frame, _data_columns(frame), "csv", start, delimiter, encoding)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def utf8_body(data: bytes, encoding: str | None) -> tuple[bytes, str]:
    """The file as UTF-8 bytes, and the encoding it came in.

    UTF-8 files pass through untouched (Polars checks them as it parses: decoding a large file in
    Python first would cost more than the parse); others are decoded (``decode``) and re-encoded.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        body, found = data[3:], "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")) or (encoding and not _is_utf8_name(encoding)):
        text, found = decode(data, encoding)
        body = text.encode("utf-8")
    else:
        body, found = data, "utf-8"
    if b"\n" not in body and b"\r" in body:
        body = body.replace(b"\r", b"\n")  # classic Mac line ends
    return body, found


#: A valid UTF-8 sequence of two to four bytes (RFC 3629: no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(128))
#: The encodings a file that is not UTF-8 at all is read as (what the report says it was).
LEGACY_ENCODINGS = frozenset({"cp1252", "latin-1"})


def _not_utf8(data: bytes) -> tuple[bytes, str]:
    """A file that is not valid UTF-8: read as Windows-1252 (else Latin-1) when it holds no
    UTF-8 at all; refused, naming the first bad byte, when it is UTF-8 but for some bytes,
    since reading it as Windows-1252 would garble every accent (``Café`` → ``CafÃ©``)."""
    if _UTF8_SEQUENCE.search(data) is None:
        try:
            return utf8_body(data, "cp1252")
        except ReadError:
            return utf8_body(data, "latin-1")
    first = 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        first = error.start
    bad = len(_UTF8_SEQUENCE.sub(b"", data).translate(None, _ASCII))
    line = data.count(b"\n", 0, first) + 1
    position = first - (data.rfind(b"\n", 0, first) + 1) + 1
    raise ReadError(
        _(
            "The file is UTF-8 but %(count)s of its bytes are not; the first is on line "
            "%(line)s, byte %(position)s of the line (0x%(byte)02X). Correct them and save the "
            'file as UTF-8, or set the file\'s real encoding in the mapping (encoding = "cp1252").'
        )
        % {"count": bad, "line": line, "position": position, "byte": data[first]},
        row=line,
    )


def _is_utf8_name(encoding: str) -> bool:
    return encoding.replace("_", "-").lower() in {"utf-8", "utf8"}


def _first_records(sample: str, delimiter: str) -> list[tuple[int, int, list[str]]]:
    """The first records of the sample as (first line, last line, cells), blank lines skipped."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    records: list[tuple[int, int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records.append((previous + 1, reader.line_num, cells))
            previous = reader.line_num
            if len(records) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a sample cut inside a quoted field: the records read so far are enough
    return records


def _polars_csv(body: bytes, delimiter: str, skip_lines: int) -> pl.DataFrame | None:
    """Parse with Polars; ``None`` when it refuses (bad UTF-8, a quote left open, ragged rows)."""
    try:
        frame = pl.read_csv(
            body,
            separator=delimiter,
            infer_schema=False,
            skip_lines=skip_lines,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, OSError):
        return None
    return frame.with_row_index("_idx")


def _python_csv(text: str, delimiter: str, skip_lines: int) -> pl.DataFrame:
    """The slow, exact reader: names the line of an unclosed quote or a row with extra values."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = io.StringIO(text)
    for _skip in range(skip_lines):
        lines.readline()
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[list[str | None]] = []
    parts: list[pl.DataFrame] = []
    try:
        header = next(reader)
        schema = dict.fromkeys(_unique([h.strip() for h in header]), pl.String)
        for cells in reader:
            if len(rows) >= _BATCH:  # Python strings cost ten times a frame's: keep few
                parts.append(pl.DataFrame(rows, schema=schema, orient="row"))
                rows = []
            line = skip_lines + reader.line_num
            if len(cells) > len(header):
                raise ReadError(
                    _("Line %(line)s has %(found)s values but the header has %(expected)s.")
                    % {"line": line, "found": len(cells), "expected": len(header)},
                    row=line,
                )
            rows.append(
                [c if c != "" else None for c in cells] + [None] * (len(header) - len(cells))
            )
    except csv.Error as error:
        line = skip_lines + reader.line_num
        raise ReadError(
            _("Line %(line)s cannot be read (%(error)s): is a quote left open?")
            % {"line": line, "error": error},
            row=line,
        ) from None
    names = _unique([h.strip() for h in header])
    parts.append(pl.DataFrame(rows, schema=dict.fromkeys(names, pl.String), orient="row"))
    return pl.concat(parts).with_row_index("_idx")


def _count_embedded_lines(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``_extra``: line breaks inside quoted values before each row, to keep line numbers."""
    text_columns = [
        c
        for c in frame.columns
        if c != "_idx" and frame.get_column(c).str.contains("\n", literal=True).any()
    ]
    if not text_columns:
        return frame
    breaks = pl.sum_horizontal(pl.col(text_columns).str.count_matches("\n").fill_null(0))
    return frame.with_columns(_extra=breaks.cum_sum().shift(1, fill_value=0))


# -- XLSX and Parquet --------------------------------------------------------------------------


def _read_xlsx(data: bytes, kind: str, mapping: Mapping, name: str, bounds: limits.Limits) -> Table:
    limits.check_xlsx(name, data, mapping.sheet, bounds)
    try:
        reader = fastexcel.read_excel(data)
    except fastexcel.FastExcelError:
        raise ReadError(
            _("The workbook cannot be opened: it is damaged, truncated or not an Excel file.")
        ) from None
    sheet = _sheet_name(reader.sheet_names, mapping.sheet)
    try:
        grid = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except fastexcel.FastExcelError as error:
        raise ReadError(_("The sheet cannot be read: %(error)s") % {"error": error}) from None
    if grid.width == 0 or grid.height == 0:
        raise ReadError(_("The sheet %(sheet)s is empty.") % {"sheet": sheet})
    first_row = _first_used_row(data, reader.sheet_names.index(sheet))
    head = [[c or "" for c in row] for row in grid.head(HEADER_SEARCH_ROWS).iter_rows()]
    index = _header_index(head, kind, mapping, first_row, None)
    headers = _unique([(c or "").strip() for c in grid.row(index)])
    frame = grid.slice(index + 1).rename(dict(zip(grid.columns, headers, strict=True)))
    frame = _finish(frame.with_row_index("_idx"), first_row=first_row + index + 1)
    return Table(frame, _data_columns(frame), "xlsx", first_row + index, sheet=sheet)


def _sheet_name(names: list[str], wanted: str | None) -> str:
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    raise ReadError(
        _("The workbook has no sheet %(sheet)r; its sheets are: %(names)s.")
        % {"sheet": wanted, "names": ", ".join(names)}
    )


_FIRST_CELL = re.compile(rb'<(?:\w+:)?c r="[A-Z]+(\d+)"[^>]*?(?<!/)>')


def _first_used_row(data: bytes, sheet_index: int) -> int:
    """The spreadsheet row of the first cell with a value: the reader skips empty rows above it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted(
                (n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                key=lambda n: int(re.sub(r"\D", "", n)),
            )
            with archive.open(sheets[sheet_index]) as sheet:
                head = sheet.read(256 * 1024)
    except (zipfile.BadZipFile, IndexError, KeyError):
        return 1
    match = _FIRST_CELL.search(head)
    return int(match.group(1)) if match else 1


def _read_parquet(data: bytes, name: str, bounds: limits.Limits) -> Table:
    try:
        rows = pl.scan_parquet(io.BytesIO(data)).select(pl.len()).collect().item()
        columns = len(pl.read_parquet_schema(io.BytesIO(data)))
        limits.check_parquet(name, rows, columns, bounds)
        raw = pl.read_parquet(io.BytesIO(data))
    except (pl.exceptions.PolarsError, OSError):
        raise ReadError(_("The Parquet file cannot be read: it is damaged or truncated.")) from None
    frame = raw.select(pl.col(c).cast(pl.String).alias(c.strip()) for c in raw.columns)
    frame = _finish(frame.with_row_index("_idx"), first_row=1)
    return Table(frame, _data_columns(frame), "parquet", 0)


# -- Shared ------------------------------------------------------------------------------------


def _header_index(
    rows: list[list[str]],
    kind: str,
    mapping: Mapping,
    first_row: int,
    records: list[tuple[int, int, list[str]]] | None,
) -> int:
    """Which of the first rows holds the headers: the one the mapping names, or the best guess."""
    if mapping.header_row is not None:
        starts = [r[0] for r in records] if records else [first_row + i for i in range(len(rows))]
        if mapping.header_row in starts:
            return starts.index(mapping.header_row)
        raise ReadError(
            _("Row %(row)s, given as header_row, is empty or beyond the first rows.")
            % {"row": mapping.header_row}
        )
    wanted = set(mapping.columns.values())
    if wanted:
        for index, cells in enumerate(rows):
            if wanted <= {c.strip() for c in cells}:
                return index
    scores = [recognised_count(kind, [c.strip() for c in cells]) for cells in rows]
    if scores and max(scores) > 0:
        return scores.index(max(scores))
    filled = [sum(1 for c in cells if c.strip()) for cells in rows]
    return next((i for i, n in enumerate(filled) if n >= 2), 0)


def _unique(names: list[str]) -> list[str]:
    """Header names made unique and non-empty: ``"Amount"``, ``"Amount (2)"``, ``"column 3"``."""
    seen: dict[str, int] = {}
    result = []
    for position, name in enumerate(names, start=1):
        name = name or _("column %(n)s") % {"n": position}
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _finish(frame: pl.DataFrame, *, first_row: int) -> pl.DataFrame:
    """Strip header names, number the rows as the user sees them, and drop blank rows."""
    frame = frame.rename({c: c.strip() for c in frame.columns if c not in {"_idx", "_extra"}})
    columns = [c for c in frame.columns if c not in {"_idx", "_extra"}]
    number = pl.col("_idx").cast(pl.Int64) + first_row
    if "_extra" in frame.columns:
        number = number + pl.col("_extra")
    # One contiguous chunk per column (the parallel reader leaves hundreds): every column added
    # later then lines up with these, instead of each step realigning the whole frame.
    frame = frame.with_columns(number.alias(ROW)).drop("_idx", "_extra", strict=False).rechunk()
    if not columns:
        return frame
    if not frame.get_column(columns[0]).has_nulls():
        return frame  # no blank line can be there: the common case, checked in one pass
    blank = frame.select(pl.all_horizontal(pl.col(columns).is_null())).to_series()
    return frame.filter(~blank) if blank.any() else frame


def _data_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != ROW]
