"""API endpoints for imports: upload a file (a job to poll), follow it, list and undo.

The same services as the upload page and ``kamp import``. Only programme directors and staff
may use them (403 for other members of the programme, 404 for anyone else).
"""

from __future__ import annotations

import uuid  # noqa: TC003 (ninja reads the endpoint annotations at run time)
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile  # noqa: TC002 (ninja reads the annotations)

from kamp.core.api import READ_ERRORS, WRITE_ERRORS, PageIn, paginate
from kamp.imports import selectors, services
from kamp.imports.mapping import MappingError, parse_mapping_toml
from kamp.imports.permissions import get_import_run_for, require_importer
from kamp.imports.schemas import ImportIn, ImportJobOut, ImportJobPage
from kamp.imports.tasks import start_import
from kamp.imports.validate import Options
from kamp.users.api_auth import request_user

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kamp.imports.models import ImportRun

router = Router(tags=["imports"])
LIST_ERRORS = {401: READ_ERRORS[401], 403: WRITE_ERRORS[403], 422: READ_ERRORS[422]}


@router.post("/imports", response={202: ImportJobOut, **WRITE_ERRORS})
def import_upload(
    request: HttpRequest, file: File[UploadedFile], data: Form[ImportIn]
) -> Status[ImportRun]:
    """Upload a CSV, XLSX or Parquet file to import; poll the returned job until it finishes.

    Small files are done by the time the answer comes; large ones run in the background worker.
    """
    user = request_user(request)
    require_importer(user)
    try:
        mapping = parse_mapping_toml(data.mapping, kind=data.kind) if data.mapping else None
    except MappingError as error:
        raise ValidationError({"mapping": [str(error)]}) from None
    run = services.import_run_create(
        actor=user,
        kind=data.kind,
        file_name=file.name or "upload",
        chunks=file.chunks(),
        mapping=mapping,
        options=Options(
            strict=data.strict,
            create_customers=data.create_customers,
            skip_invalid=data.skip_invalid,
        ),
        dry_run=data.dry_run,
    )
    start_import(run)
    run.refresh_from_db()
    return Status(202, run)


@router.get("/imports", response={200: ImportJobPage, **LIST_ERRORS})
def import_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, object]:
    """Imports, newest first: the history with each one's counts."""
    user = request_user(request)
    require_importer(user)
    services.import_runs_recover_stale()
    return paginate(selectors.import_history(actor=user), page)


@router.get(
    "/imports/{import_id}",
    response={200: ImportJobOut, **READ_ERRORS, 403: WRITE_ERRORS[403]},
    url_name="import_detail",
)
def import_detail(request: HttpRequest, import_id: uuid.UUID) -> ImportRun:
    """One import: status and progress while it runs, then counts and problems."""
    return get_import_run_for(request_user(request), import_id)


@router.post("/imports/{import_id}/undo", response={200: ImportJobOut, **WRITE_ERRORS})
def import_undo(request: HttpRequest, import_id: uuid.UUID) -> ImportRun:
    """Undo a whole import (its sales, or what it created and changed)."""
    user = request_user(request)
    run = get_import_run_for(user, import_id)
    return services.import_run_undo(actor=user, run=run)
