"""Helpers of the import tests: one-call imports, small workbooks, database snapshots."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

import openpyxl
from django.db.models import Sum
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from kamp.core.models import AuditEvent
from kamp.customers.models import Contact, Customer, SalesFact, WalletEstimate
from kamp.imports.mapping import parse_mapping_toml
from kamp.imports.services import import_run_create, import_run_execute
from kamp.imports.validate import Options
from kamp.organisation.models import BusinessUnit, Country, ProductLine

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from kamp.imports.models import ImportRun
    from kamp.users.models import User


def run_import(
    kind: str,
    content: bytes | str,
    *,
    name: str = "",
    actor: User | None = None,
    mapping: str = "",
    dry_run: bool = False,
    **options: Any,
) -> ImportRun:
    """Import ``content`` as a file called ``name`` through the services, start to end."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    run = import_run_create(
        actor=actor,
        kind=kind,
        file_name=name or f"{kind}.csv",
        chunks=[data],
        mapping=parse_mapping_toml(mapping, kind=kind) if mapping else None,
        options=Options(**options),
        dry_run=dry_run,
    )
    return import_run_execute(run_id=run.pk)


def xlsx(rows: list[list[Any]], *, title: str = "Sheet1", at: str = "A1") -> bytes:
    """A workbook whose only sheet holds ``rows`` from cell ``at``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    start = coordinate_from_string(at)
    column = column_index_from_string(start[0])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(row=start[1] + r, column=column + c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(model: type[Customer] | type[Contact]) -> list[tuple[Any, ...]]:
    """Every row's values, without the ``updated_at`` stamp an undo does not put back."""
    fields = [f.attname for f in model._meta.concrete_fields if f.name != "updated_at"]
    return list(model.objects.order_by("pk").values_list(*fields))


def database_state() -> dict[str, object]:
    """Everything an import may touch, summarised: equal states mean nothing changed."""
    return {
        "customers": _rows(Customer),
        "contacts": _rows(Contact),
        "facts": SalesFact.objects.count(),
        "revenue": SalesFact.objects.aggregate(total=Sum("revenue"))["total"],
        "wallets": list(WalletEstimate.objects.order_by("pk").values_list()),
        "lines": ProductLine.objects.count(),
        "units": BusinessUnit.objects.count(),
        "countries": Country.objects.count(),
        "audit": AuditEvent.objects.exclude(action__startswith="import.").count(),
    }


CUSTOMERS_CSV = """customer_id,name,parent_id,country,industry,size,Region
C1,Acme Holding,,ES,Food & beverage,enterprise,South
C2,Acme Iberia,C1,Spain,Food & beverage,large,South
C3,Acme France,C1,Francia,Food & beverage,medium,West
C4,Brico SA,,FR,Construction,small,West
"""


_WORKBOOK = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="'
    'xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def raw_xlsx(rows: Iterable[str], *, dimension: str = "") -> bytes:
    """A workbook written by hand: ``rows`` are the sheet's ``<row>`` elements, as XML text.

    For files no spreadsheet program writes: millions of tiny rows (an XLSX bomb), a lying
    ``<dimension>``, cells without ``r``, escaped control characters.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _WORKBOOK.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write("".join(batch).encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def tiny_rows(count: int, *, start: int = 1) -> Iterator[str]:
    """``count`` rows of one small number each: what the 1.25 MB, 4-million-row bomb held."""
    for number in range(start, start + count):
        yield f'<row r="{number}"><c r="A{number}"><v>1</v></c></row>'


def bare_rows(count: int) -> Iterator[str]:
    """``count`` identical rows without ``r`` numbers: deflate packs them a thousand to one."""
    return ("<row><c><v>1</v></c></row>" for _ in range(count))
