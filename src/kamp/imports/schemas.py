"""What the API reads and writes for imports: the upload's options and the job to poll."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from kamp.organisation.schemas import WithCurrency

if TYPE_CHECKING:
    from kamp.imports.models import ImportRun


class ImportIn(Schema):
    """The form fields sent with the file (multipart/form-data)."""

    kind: Literal["customers", "contacts", "sales", "wallet"] = Field(
        description="What the file holds."
    )
    mapping: str = Field(
        "",
        description="Optional TOML mapping file, as text: [columns] field = header, delimiter, "
        "decimal, date_format, sheet, header_row, encoding.",
    )
    dry_run: bool = Field(False, description="Check and count everything, write nothing.")
    strict: bool = Field(False, description="Refuse unknown product lines, units and countries.")
    create_customers: bool = Field(
        False, description="Sales or wallets of unknown customers create them."
    )
    skip_invalid: bool = Field(
        False, description="Import the valid rows and report the others (not all or nothing)."
    )


class ImportProblemOut(Schema):
    """One problem: where (``row`` as the user sees it, ``column``), the value, and why."""

    row: int | None = Field(description="Line of the file or spreadsheet row; null: whole file.")
    column: str
    value: str
    message: str


class ImportSummaryOut(WithCurrency):
    """The outcome, in the shape ``kamp import --json`` prints."""

    rows_read: int
    rows_imported: int
    created: int
    updated: int
    unchanged: int
    revenue_total: float | None = Field(None, description="Sales imports only.")
    errors: list[ImportProblemOut] = Field(description="The first 1,000 problems.")


class NewValueOut(Schema):
    """A reference value the file names that kamp does not hold yet."""

    kind: str = Field(description="product_line, business_unit, country or industry.")
    value: str
    rows: list[int] = Field(description="The rows naming it (the first 20).")


class ImportJobOut(Schema):
    """An import: a job to poll while it runs, then its report."""

    id: uuid.UUID = Field(alias="public_id")
    kind: str
    status: Literal[
        "draft",
        "queued",
        "running",
        "imported",
        "checked",
        "unchanged",
        "rejected",
        "failed",
        "undone",
    ] = Field(description="queued and running: poll again; any other status is final.")
    finished: bool
    stage: str = Field(description="reading, checking or writing while it runs.")
    progress: int = Field(description="Per cent done.")
    file_name: str
    file_hash: str = Field(description="SHA-256 of the file.")
    file_size: int
    dry_run: bool
    created_at: dt.datetime
    finished_at: dt.datetime | None
    created_by: str | None = Field(description="Username; null for the command line.")
    message: str
    error_count: int
    new: dict[str, list[str]] = Field(
        alias="new_refs",
        description="Product lines, business units, countries and customers created on the way.",
    )
    new_values: list[NewValueOut] = Field(
        description="Values kamp lacks, found while checking (before anything is created)."
    )
    summary: ImportSummaryOut
    url: str = Field(description="Where to poll this job.")

    @staticmethod
    def resolve_created_by(run: ImportRun) -> str | None:
        return run.created_by.get_username() if run.created_by else None

    @staticmethod
    def resolve_summary(run: ImportRun) -> dict[str, Any]:
        return run.summary()

    @staticmethod
    def resolve_url(run: ImportRun) -> str:
        return reverse("api:import_detail", kwargs={"import_id": run.public_id})


class ImportJobPage(Schema):
    """One page of imports, newest first."""

    count: int
    items: list[ImportJobOut]
