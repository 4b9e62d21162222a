"""Check every row of a mapped table: required fields, types, duplicates, references, ranges.

:func:`check` turns a :class:`~kamp.imports.reading.Table` and a
:class:`~kamp.imports.mapping.Mapping` into typed rows (one column per kamp field, plus ``_row``)
and a frame of problems ``row, column, value, message``, all with vectorised Polars expressions.
What the database already holds comes in as plain data (:class:`References`), so this module
never touches the ORM and is tested with small literal frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl
from django.utils.translation import gettext as _

from kamp.imports import guards, values
from kamp.imports.kinds import KINDS
from kamp.imports.limits import Limits
from kamp.imports.reading import ROW

if TYPE_CHECKING:
    from kamp.imports.kinds import FieldSpec, KindSpec
    from kamp.imports.mapping import Mapping
    from kamp.imports.reading import Table

ERROR_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "message": pl.String(),
}
ATTRIBUTE_PREFIX = "attr:"
_SCALES = {"money": (100, values.MAX_MONEY), "quantity": (1000, values.MAX_QUANTITY)}
_NO_MESSAGE = pl.lit(None, dtype=pl.String)
_SAMPLE = 50_000


@dataclass(frozen=True)
class References:
    """What the database already holds that a file may refer to."""

    customer_ids: frozenset[str] = frozenset()
    customer_parents: dict[str, str | None] = field(default_factory=dict)
    contact_ids: frozenset[str] = frozenset()
    #: "product_line" / "business_unit" → known codes and names, lower case; "country" → ISO codes;
    #: "industry" → the industries customers already carry, as stored.
    known: dict[str, frozenset[str]] = field(default_factory=dict)
    #: "product_line" / "business_unit" / "industry" → folded name or code (English, Spanish,
    #: French; see :mod:`~kamp.imports.references`) → the value kamp holds.
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """How strict an import is."""

    strict: bool = False  # refuse unknown product lines, business units and countries
    create_customers: bool = False  # sales or wallets of unknown customers create them
    skip_invalid: bool = False  # import the valid rows, report the others


@dataclass(frozen=True)
class Checked:
    """The outcome of :func:`check`: typed rows, problems, and what would be created."""

    rows: pl.DataFrame
    errors: pl.DataFrame
    rows_read: int
    new_refs: dict[str, list[str]] = field(default_factory=dict)
    new_customers: list[str] = field(default_factory=list)
    #: For fields read once per distinct value: ``__c_<field>`` code → value. ``rows`` then
    #: holds the code too, so later steps group by small integers instead of text.
    codes: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: Reference values kamp does not hold yet, listed before anything is created: kind, value
    #: and the rows (the first 20) that name it.
    new_values: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors.is_empty()


def errors_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Problems as a frame with :data:`ERROR_SCHEMA`."""
    return pl.DataFrame(rows, schema=ERROR_SCHEMA)


def check(
    table: Table,
    mapping: Mapping,
    refs: References,
    options: Options,
    *,
    bounds: Limits | None = None,
) -> Checked:
    """Check ``table`` as ``mapping.kind``; with ``skip_invalid``, keep only the rows that pass.

    Rows refused in one round can make others invalid (a subsidiary of a refused parent), so
    the check repeats on what is left until nothing more is refused.
    """
    limit = (bounds or Limits.from_settings()).attribute_bytes
    result = _check_once(table.frame, table, mapping, refs, options, limit)
    if not options.skip_invalid or result.errors.is_empty():
        return result
    found = [result.errors]
    frame = table.frame
    for _round in range(5):
        bad = result.errors.get_column("row").drop_nulls()
        if result.errors.get_column("row").null_count():
            break  # a problem with the whole file: nothing can be imported
        frame = frame.filter(~pl.col(ROW).is_in(bad.implode()))
        result = _check_once(frame, table, mapping, refs, options, limit)
        if result.errors.is_empty():
            break
        found.append(result.errors)
    errors = pl.concat(found).unique(maintain_order=True).sort("row")
    return Checked(
        result.rows,
        errors,
        table.rows,
        result.new_refs,
        result.new_customers,
        new_values=result.new_values,
    )


def _check_once(
    frame: pl.DataFrame,
    table: Table,
    mapping: Mapping,
    refs: References,
    options: Options,
    attribute_bytes: int,
) -> Checked:
    spec = KINDS[mapping.kind]
    problems = _missing_columns(spec, mapping, table)
    if problems:
        return Checked(pl.DataFrame(), errors_frame(problems), table.rows)
    parsed, column_problems = _parse_columns(frame, spec, mapping, refs.aliases)
    if column_problems:
        return Checked(pl.DataFrame(), errors_frame(column_problems), table.rows)
    work, codes = _evaluate(frame, spec, mapping, parsed)
    work = _required(work, spec, parsed)
    work = _duplicates(work, spec, mapping)
    work, new_refs, new_customers = _references(work, spec, refs, options, mapping, codes)
    new_values = _new_values(work, spec, refs, mapping, new_refs)
    work = _hierarchy(work, spec, refs)
    errors = _collect_errors(work, mapping, _guarded(frame, spec, mapping, table, attribute_bytes))
    rows = _typed_rows(work, spec, mapping, table, codes)
    if options.skip_invalid and not errors.is_empty():
        rows = rows.filter(~pl.col(ROW).is_in(errors.get_column("row").drop_nulls().implode()))
    return Checked(rows, errors, frame.height, new_refs, new_customers, codes, new_values)


def _missing_columns(spec: KindSpec, mapping: Mapping, table: Table) -> list[dict[str, object]]:
    """File-level problems: a required field without a column, or a mapped header not found."""
    problems: list[dict[str, object]] = []
    headers = set(table.headers)
    row = table.header_row or None
    for name, header in mapping.columns.items():
        if header not in headers:
            message = _("The column %(header)r named for %(field)s is not in the file.") % {
                "header": header,
                "field": name,
            }
            problems.append({"row": row, "column": header, "value": "", "message": message})
    if table.rows == 0:
        message = _("The file has headers but no data rows.")
        problems.append({"row": row, "column": "", "value": "", "message": message})
    for name in spec.required:
        if name not in mapping.columns:
            message = _(
                "No column for %(field)s, which is required. The file's columns are: "
                "%(headers)s. Name it in a mapping file or choose it in the preview."
            ) % {"field": name, "headers": ", ".join(table.headers)}
            problems.append({"row": row, "column": name, "value": "", "message": message})
    return problems


def _parse_columns(
    frame: pl.DataFrame, spec: KindSpec, mapping: Mapping, aliases: dict[str, dict[str, str]]
) -> tuple[dict[str, values.Parsed], list[dict[str, object]]]:
    """A :class:`~kamp.imports.values.Parsed` per mapped field, or the columns that cannot be."""
    parsed: dict[str, values.Parsed] = {}
    problems: list[dict[str, object]] = []
    numeric = [
        header
        for name, header in mapping.columns.items()
        if spec.field(name).type in _SCALES and header in frame.columns
    ]
    decimals = values.column_decimals(frame, numeric, hint=mapping.decimal, sample=_SAMPLE)
    for name, header in mapping.columns.items():
        try:
            decimal = decimals.get(header)
            if isinstance(decimal, values.ColumnProblem):
                raise decimal
            if name in aliases:
                max_length = spec.field(name).max_length or 100
                parsed[name] = values.aliased(frame, header, aliases[name], max_length=max_length)
                continue
            parsed[name] = _parse_field(frame, spec.field(name), header, mapping, decimal)
        except values.ColumnProblem as problem:
            problems.append(
                {"row": None, "column": header, "value": problem.example, "message": str(problem)}
            )
    return parsed, problems


def _parse_field(
    frame: pl.DataFrame, spec: FieldSpec, header: str, mapping: Mapping, decimal: str | None
) -> values.Parsed:
    kind = spec.type
    if kind in _SCALES:
        scale, limit = _SCALES[kind]
        number = values.amount(frame, header, scale=scale, decimal=decimal, limit=limit)
        if not spec.non_negative:
            return number
        negative = (number.value < 0).fill_null(value=False)
        message = pl.lit(_("Out of range: it cannot be negative."))
        return values.Parsed(
            pl.when(~negative).then(number.value),
            pl.coalesce(number.error, pl.when(negative).then(message)),
        )
    if kind == "date":
        return values.date(frame, header, date_format=mapping.date_format)
    if kind == "year":
        return values.year(header)
    if kind == "country":
        return values.country(frame, header)
    if kind == "size":
        return values.size(header)
    if kind == "email":
        return values.email(header)
    if kind == "id":
        return values.identifier(header, max_length=spec.max_length)
    if kind == "key":
        return values.key(header, max_length=spec.max_length)
    return values.text(header, max_length=spec.max_length or 100)


#: Field types worth reading once per distinct value when a column repeats itself.
_BY_DISTINCT = {"id", "text", "ref", "country", "size", "email"}


def _evaluate(
    frame: pl.DataFrame, spec: KindSpec, mapping: Mapping, parsed: dict[str, values.Parsed]
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """Add ``__v_<field>`` and ``__e_<field>`` columns; return them with the code tables.

    A column with few distinct values (customer ids, product lines, countries in a sales file)
    is read once per value and joined back with a small integer code (``__c_<field>``), which is
    several times faster than reading a million cells; the rest is computed in one lazy pass so
    shared sub-expressions run once.
    """
    added: list[pl.Expr] = []
    direct: dict[str, values.Parsed] = {}
    codes: dict[str, pl.DataFrame] = {}
    for name, p in parsed.items():
        header = mapping.columns[name]
        if spec.field(name).type in _BY_DISTINCT and _repetitive(frame, header):
            distinct = frame.select(pl.col(header).unique().drop_nulls()).with_columns(
                p.value.alias(f"__v_{name}"), p.error.alias(f"__e_{name}")
            )
            codes[name] = distinct.select(
                pl.int_range(pl.len(), dtype=pl.UInt32).alias(f"__c_{name}"),
                pl.col(f"__v_{name}").alias(name),
            )
            added += _by_code(name, header, distinct)
        else:
            direct[name] = p
    work = (
        frame.lazy()
        .with_columns(added)
        .with_columns(
            *(p.value.alias(f"__v_{name}") for name, p in direct.items()),
            *(p.error.alias(f"__e_{name}") for name, p in direct.items()),
        )
        .collect()
    )
    return work, codes


def _by_code(name: str, header: str, distinct: pl.DataFrame) -> list[pl.Expr]:
    """Each cell's code (its value's place in ``distinct``: one hash look-up a cell), then its
    value and error gathered by code."""
    code = pl.col(header).replace_strict(
        distinct.get_column(header),
        pl.Series(range(distinct.height), dtype=pl.UInt32),
        default=None,
        return_dtype=pl.UInt32,
    )
    return [
        code.alias(f"__c_{name}"),
        pl.lit(distinct.get_column(f"__v_{name}")).gather(code).alias(f"__v_{name}"),
        pl.lit(distinct.get_column(f"__e_{name}")).gather(code).alias(f"__e_{name}"),
    ]


def _repetitive(frame: pl.DataFrame, header: str, sample: int = 20_000) -> bool:
    """Whether the column repeats its values (judged on its first rows: a cheap hint only)."""
    if frame.height <= 1_000:
        return False
    head = frame.get_column(header).head(sample)
    return head.n_unique() * 4 < head.len()


def _required(work: pl.DataFrame, spec: KindSpec, parsed: dict[str, values.Parsed]) -> pl.DataFrame:
    """An empty required cell is an error (unless its value already failed to parse)."""
    message = pl.lit(_("Required: this cell is empty."))
    return work.with_columns(
        pl.coalesce(
            pl.col(f"__e_{name}"),
            pl.when(pl.col(f"__v_{name}").is_null()).then(message),
        ).alias(f"__e_{name}")
        for name in spec.required
        if name in parsed
    )


def _duplicates(work: pl.DataFrame, spec: KindSpec, mapping: Mapping) -> pl.DataFrame:
    """The same key on two rows: both rows are errors, each naming the other rows."""
    keys = [k for k in spec.key if k in mapping.columns]
    if not keys or keys[0] not in mapping.columns:
        return work
    columns = [f"__v_{k}" for k in keys]
    present = work.filter(pl.col(columns[0]).is_not_null()).select(columns)
    if _all_different(present):
        return work  # the common case, found without building the list of duplicates
    key = pl.struct(columns) if len(columns) > 1 else pl.col(columns[0])
    dup = work.filter(pl.col(columns[0]).is_not_null() & key.is_duplicated())
    if dup.is_empty():
        return work
    before, after = (
        _("Duplicate: the same %(key)s is on rows %(rows)s.")
        % {
            "key": " + ".join(keys),
            "rows": "\x00",
        }
    ).split("\x00")
    listed = dup.group_by(columns).agg(
        pl.concat_str(
            pl.lit(before), pl.col(ROW).sort().cast(pl.String).str.join(", "), pl.lit(after)
        ).alias("__dup")
    )
    work = work.join(listed, on=columns, how="left", nulls_equal=False)
    target = f"__e_{keys[0]}"
    return work.with_columns(pl.coalesce(pl.col(target), pl.col("__dup")).alias(target)).drop(
        "__dup"
    )


def _all_different(keys: pl.DataFrame) -> bool:
    """Whether no two rows share a key: at once when a single key only ever increases (ERP
    exports list lines in order), by counting distinct keys otherwise."""
    if keys.width == 1 and keys.height > 1:
        column = keys.to_series()
        if (column.slice(1) > column.slice(0, keys.height - 1)).all():
            return True
    return keys.n_unique() == keys.height


def _references(
    work: pl.DataFrame,
    spec: KindSpec,
    refs: References,
    options: Options,
    mapping: Mapping,
    codes: dict[str, pl.DataFrame],
) -> tuple[pl.DataFrame, dict[str, list[str]], list[str]]:
    """Unknown customers, contacts and organisation entries: errors, or things to create."""
    new_refs: dict[str, list[str]] = {}
    new_customers: list[str] = []
    fields = set(mapping.columns)
    if spec.name != "customers" and "customer_id" in fields:
        unknown = _unknown(work, "customer_id", refs.customer_ids, codes)
        if options.create_customers and spec.name in {"sales", "wallet"}:
            new_customers = sorted(unknown)
        else:
            work = _flag(work, "customer_id", unknown, _("Unknown customer: import it first."))
    for name in ("product_line", "business_unit", "country"):
        if name not in fields:
            continue
        known = refs.known.get(name, frozenset())
        unknown = _unknown(work, name, known, codes, lower=name != "country")
        if options.strict:
            message = _("Not yet in kamp (a strict import creates nothing): %(field)s.") % {
                "field": name
            }
            work = _flag(work, name, unknown, message)
        elif unknown:
            new_refs[name] = sorted(unknown)
    return work, new_refs, new_customers


NEW_VALUE_ROWS = 20


def _new_values(
    work: pl.DataFrame,
    spec: KindSpec,
    refs: References,
    mapping: Mapping,
    new_refs: dict[str, list[str]],
) -> list[dict[str, object]]:
    """Each value a file names that kamp lacks (to be created, or a new industry), with rows."""
    unknown = {name: set(found) for name, found in new_refs.items()}
    if "industry" in mapping.columns and spec.name == "customers":
        held = refs.known.get("industry", frozenset())
        values_of = work.get_column("__v_industry").drop_nulls().unique().to_list()
        unknown["industry"] = {v for v in values_of if v not in held}
    found: list[dict[str, object]] = []
    for name, names in unknown.items():
        if not names:
            continue
        column = pl.col(f"__v_{name}")
        rows = (
            work.filter(column.is_in(pl.Series(sorted(names), dtype=pl.String).implode()))
            .group_by(column.alias("value"))
            .agg(pl.col(ROW).sort().head(NEW_VALUE_ROWS).alias("rows"))
            .sort("value")
        )
        found += [{"kind": name, **row} for row in rows.to_dicts()]
    return found


def _unknown(
    work: pl.DataFrame,
    name: str,
    known: frozenset[str],
    codes: dict[str, pl.DataFrame],
    *,
    lower: bool = False,
) -> set[str]:
    """Distinct valid values of field ``name`` that ``known`` lacks."""
    values_of = codes[name].get_column(name) if name in codes else work.get_column(f"__v_{name}")
    distinct = values_of.drop_nulls().unique().to_list()
    return {v for v in distinct if (v.lower() if lower else v) not in known}


def _flag(work: pl.DataFrame, name: str, bad: set[str], message: str) -> pl.DataFrame:
    if not bad:
        return work
    hit = pl.col(f"__v_{name}").is_in(pl.Series(list(bad), dtype=pl.String).implode())
    flagged = pl.coalesce(pl.col(f"__e_{name}"), pl.when(hit).then(pl.lit(message)))
    return work.with_columns(flagged.alias(f"__e_{name}"))


def _hierarchy(work: pl.DataFrame, spec: KindSpec, refs: References) -> pl.DataFrame:
    """Parents (customers) and managers (contacts) must exist, differ from the row, not loop."""
    if spec.name == "customers" and "__v_parent_id" in work.columns:
        in_file = set(work.get_column("__v_customer_id").drop_nulls().to_list())
        work = _self_and_unknown(
            work,
            "customer_id",
            "parent_id",
            in_file | refs.customer_ids,
            _("A company cannot be its own parent."),
            _("Unknown parent company."),
        )
        return _loops(work, refs)
    if spec.name == "contacts" and "__v_reports_to" in work.columns:
        in_file = (
            set(work.get_column("__v_contact_id").drop_nulls().to_list())
            if ("__v_contact_id" in work.columns)
            else set()
        )
        return _self_and_unknown(
            work,
            "contact_id",
            "reports_to",
            in_file | refs.contact_ids,
            _("A person cannot report to themselves."),
            _("Unknown contact in reports_to."),
        )
    return work


def _self_and_unknown(
    work: pl.DataFrame, key: str, up: str, known: set[str] | frozenset[str], own: str, unknown: str
) -> pl.DataFrame:
    target = pl.col(f"__v_{up}")
    same = target == pl.col(f"__v_{key}") if f"__v_{key}" in work.columns else pl.lit(value=False)
    missing = target.is_not_null() & ~target.is_in(
        pl.Series(list(known), dtype=pl.String).implode()
    )
    flagged = pl.coalesce(
        pl.col(f"__e_{up}"),
        pl.when(same).then(pl.lit(own)).when(missing).then(pl.lit(unknown)),
    )
    return work.with_columns(flagged.alias(f"__e_{up}"))


def _loops(work: pl.DataFrame, refs: References) -> pl.DataFrame:
    """Flag the rows whose parent chain (file over database) comes back to them."""
    parents = dict(refs.customer_parents)
    parents.update(
        work.select("__v_customer_id", "__v_parent_id").drop_nulls("__v_customer_id").iter_rows()
    )
    looping = {start for start in parents if _in_loop(start, parents)}
    message = _("The parent companies form a loop: one must be a group head.")
    return _flag_by(work, "customer_id", "parent_id", looping, message)


def _in_loop(start: str, parents: dict[str, str | None]) -> bool:
    seen = {start}
    current = parents.get(start)
    while current is not None:
        if current in seen:
            return current == start  # reaching a loop it is not part of is not a loop
        seen.add(current)
        current = parents.get(current)
    return False


def _flag_by(
    work: pl.DataFrame, key: str, target: str, bad: set[str], message: str
) -> pl.DataFrame:
    if not bad:
        return work
    hit = pl.col(f"__v_{key}").is_in(pl.Series(list(bad), dtype=pl.String).implode())
    flagged = pl.coalesce(pl.col(f"__e_{target}"), pl.when(hit).then(pl.lit(message)))
    return work.with_columns(flagged.alias(f"__e_{target}"))


def _extras(spec: KindSpec, mapping: Mapping, table: Table) -> list[str]:
    """The unmapped columns a kind keeps (a customer's attributes)."""
    if not spec.keeps_extras:
        return []
    mapped = set(mapping.columns.values())
    return [h for h in table.headers if h not in mapped]


def _guarded(
    frame: pl.DataFrame, spec: KindSpec, mapping: Mapping, table: Table, attribute_bytes: int
) -> list[pl.DataFrame]:
    """NUL characters in any imported cell; extras over their size."""
    extras = _extras(spec, mapping, table)
    imported = [*mapping.columns.values(), *extras]
    return [
        *guards.nul_problems(frame, imported),
        *guards.attribute_problems(frame, extras, attribute_bytes),
    ]


def _collect_errors(
    work: pl.DataFrame, mapping: Mapping, guarded: list[pl.DataFrame]
) -> pl.DataFrame:
    """Every problem as ``row, column, value, message``, in file order."""
    parts = [
        work.filter(pl.col(f"__e_{name}").is_not_null()).select(
            pl.col(ROW).alias("row"),
            pl.lit(header).alias("column"),
            guards.shown(pl.col(header)).alias("value"),
            pl.col(f"__e_{name}").alias("message"),
        )
        for name, header in mapping.columns.items()
        if f"__e_{name}" in work.columns
    ]
    parts += [part for part in guarded if not part.is_empty()]
    if not parts:
        return errors_frame([])
    return pl.concat(parts).sort("row", maintain_order=True)


def _typed_rows(
    work: pl.DataFrame,
    spec: KindSpec,
    mapping: Mapping,
    table: Table,
    codes: dict[str, pl.DataFrame],
) -> pl.DataFrame:
    """``_row``, one column per mapped field (and its code, if it has one), and (customers)
    ``attr:<header>`` for the unmapped columns."""
    columns = [pl.col(ROW)]
    columns += [pl.col(f"__v_{name}").alias(name) for name in mapping.columns]
    columns += [pl.col(f"__c_{name}") for name in codes]
    columns += [
        pl.col(h).str.strip_chars().alias(f"{ATTRIBUTE_PREFIX}{h}")
        for h in _extras(spec, mapping, table)
        if h in work.columns
    ]
    return work.select(columns)
