"""Every write of the import pipeline: create a run, execute it, undo it, remember a mapping.

One pipeline for three front doors (the upload page, ``kamp import`` and the API): read
(:mod:`~kamp.imports.reading`) → map (:mod:`~kamp.imports.mapping`) → check
(:mod:`~kamp.imports.validate`) → apply (:mod:`~kamp.imports.appliers`) in one transaction.
An import with problems writes nothing (unless ``skip_invalid``); a dry run rolls back at the
end, so its counts are exactly what a real run would do.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kamp.core.audit import audit_record
from kamp.core.formatting import date_time
from kamp.customers.models import Contact, Customer, SalesFact, WalletEstimate
from kamp.imports.appliers import Outcome, Rejected, applier_for
from kamp.imports.appliers.common import known_refs, ref_aliases
from kamp.imports.appliers.customers import regroup
from kamp.imports.mapping import MappingError
from kamp.imports.models import ImportChange, ImportRun, SavedMapping
from kamp.imports.permissions import can_import
from kamp.imports.reading import LEGACY_ENCODINGS, ReadError, read_table
from kamp.imports.selectors import complete_mapping, headers_key, run_mapping
from kamp.imports.validate import Checked, Options, References, check

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    import polars as pl

    from kamp.imports.appliers import Progress
    from kamp.imports.mapping import Mapping
    from kamp.imports.reading import Table
    from kamp.users.models import User

log = logging.getLogger(__name__)

#: Problems kept on a run (and shown, and printed); the count covers them all.
MAX_ERRORS = 1_000
_STAGES = {"reading": (0, 30), "checking": (30, 60), "writing": (60, 99)}


class _DryRun(Exception):  # noqa: N818 (control flow, not an error)
    """Raised at the end of a dry run to roll its transaction back."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def _require(actor: User | None) -> None:
    if actor is not None and not can_import(actor):
        raise PermissionDenied(_("Only a programme director or staff can import data."))


@transaction.atomic
def import_run_create(
    *,
    actor: User | None,
    kind: str,
    file_name: str,
    chunks: Iterable[bytes] | None = None,
    path: Path | None = None,
    mapping: Mapping | None = None,
    options: Options | None = None,
    dry_run: bool = False,
    draft: bool = False,
) -> ImportRun:
    """Record an import of a file, given as upload ``chunks`` (kept under the import folder) or
    as a ``path`` read where it is (the command line). ``draft`` waits for the user to confirm
    the mapping; otherwise the run is queued for :func:`import_run_execute`."""
    _require(actor)
    if kind not in ImportRun.Kind.values:
        raise ValidationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    run = ImportRun(
        kind=kind,
        created_by=actor,
        file_name=Path(file_name).name[:255],
        status=ImportRun.Status.DRAFT if draft else ImportRun.Status.QUEUED,
        mapping=_mapping_json(mapping),
        options=_options_json(options or Options()),
        dry_run=dry_run,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if chunks is not None:
        run.stored_file, run.file_hash, run.file_size = _store(run, chunks)
    elif path is not None:
        # Hashed while it is read (import_run_execute), not here: a large file is read once.
        run.stored_file, run.file_size = str(path), path.stat().st_size
    else:
        raise ValueError("Give the file as chunks or as a path.")
    run.save()
    return run


def _store(run: ImportRun, chunks: Iterable[bytes]) -> tuple[str, str, int]:
    folder = Path(settings.KAMP_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{run.public_id}{Path(run.file_name).suffix.lower()[:10]}"
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return str(target), digest.hexdigest(), size


def _mapping_json(mapping: Mapping | None) -> dict[str, Any]:
    if mapping is None:
        return {}
    return {"columns": mapping.columns, **mapping.options()}


def _options_json(options: Options) -> dict[str, bool]:
    return {
        "strict": options.strict,
        "create_customers": options.create_customers,
        "skip_invalid": options.skip_invalid,
    }


def import_run_configure(
    *, actor: User, run: ImportRun, mapping: Mapping, options: Options, dry_run: bool
) -> ImportRun:
    """Confirm a draft's mapping and options (the upload page) and queue it."""
    _require(actor)
    if run.status != ImportRun.Status.DRAFT:
        raise ValidationError(_("This import has already been started."))
    run.mapping = _mapping_json(mapping)
    run.options = _options_json(options)
    run.dry_run = dry_run
    run.status = ImportRun.Status.QUEUED
    run.save(update_fields=["mapping", "options", "dry_run", "status", "updated_at"])
    return run


def import_run_execute(*, run_id: int, progress: Progress | None = None) -> ImportRun:
    """Run a queued import to its end: read, map, check, apply; record the outcome.

    Called by the task worker, by the upload page for small files and by ``kamp import``.
    Never raises for a bad file: the run ends REJECTED with its problems, or FAILED.
    """
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:
        return run
    with translation.override(run.language or settings.LANGUAGE_CODE):
        _set(
            run,
            status=ImportRun.Status.RUNNING,
            started_at=timezone.now(),
            stage="reading",
            worker=_WORKER,
        )
        try:
            note = _execute(run, _reporter(run, progress))
            if note:
                _set(run, message=f"{note} {run.message}".strip())
        except Exception:
            log.exception("Import %s failed", run.public_id)
            _finish(run, ImportRun.Status.FAILED, message=_("The import failed unexpectedly."))
        finally:
            _discard_upload(run)
    return run


def _reporter(run: ImportRun, progress: Progress | None) -> Progress:
    """Progress for the caller (a CLI bar) and for the run row, which the page and API poll.

    The row is only written outside the import's transaction: inside it, other connections
    could not see the value, and SQLite would block on the write.
    """

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(stage, done, total)
        low, high = _STAGES.get(stage, (0, 99))
        percent = low + (high - low) * done // max(total, 1)
        if not connection.in_atomic_block and (stage != run.stage or percent >= run.progress + 5):
            _set(run, stage=stage, progress=percent)

    return report


def _execute(run: ImportRun, progress: Progress) -> str:
    """Read, map, check and apply; return a note for the report (how the file was read)."""
    data = Path(run.stored_file).read_bytes()
    digest = _hash_in_background(data, run.file_hash)
    progress("reading", 0, 1)
    try:
        mapping = run_mapping(run)
        table = read_table(data, file_name=run.file_name, kind=run.kind, mapping=mapping)
        mapping = complete_mapping(run.kind, mapping, table.headers)
    except (ReadError, MappingError) as problem:
        error = {
            "row": getattr(problem, "row", None),
            "column": "",
            "value": "",
            "message": str(problem),
        }
        _finish(
            run, ImportRun.Status.REJECTED, errors=[error], message=str(problem), file_hash=digest()
        )
        return ""
    del data
    note = ""
    if table.encoding in LEGACY_ENCODINGS and not mapping.encoding:
        note = _("The file is not UTF-8: it was read as Windows-1252.")
    progress("reading", 1, 1)
    progress("checking", 0, 1)
    options = Options(**run.options)
    checked = check(table, mapping, _references(run.kind, table, mapping), options)
    _set(
        run,
        rows_read=checked.rows_read,
        format=table.format,
        file_hash=digest(),
        new_values=checked.new_values,
    )
    progress("checking", 1, 1)
    if not checked.ok and not options.skip_invalid:
        _reject(run, checked.errors.to_dicts(), checked.errors.height)
    else:
        _apply(run, checked, options, progress)
    return note


def _hash_in_background(data: bytes, known: str) -> Callable[[], str]:
    """The file's SHA-256, computed on the other core while Polars reads (hashlib lets go of
    the GIL); the command line leaves it to here rather than reading a large file twice."""
    if known:
        return lambda: known
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(hashlib.sha256(data).hexdigest()))
    worker.start()

    def digest() -> str:
        worker.join()
        return result[0]

    return digest


def _references(kind: str, table: Table, mapping: Mapping) -> References:
    """What the database holds that the file can refer to, as plain data for the checks."""
    customer_ids = frozenset(Customer.objects.values_list("source_id", flat=True))
    parents: dict[str, str | None] = {}
    contacts: frozenset[str] = frozenset()
    if kind == ImportRun.Kind.CUSTOMERS and "parent_id" in mapping.columns:
        parents = dict(Customer.objects.values_list("source_id", "parent__source_id"))
    if kind == ImportRun.Kind.CONTACTS:
        contacts = frozenset(
            Contact.objects.exclude(source_id="").values_list("source_id", flat=True)
        )
    return References(customer_ids, parents, contacts, known_refs(), ref_aliases())


def _apply(run: ImportRun, checked: Checked, options: Options, progress: Progress) -> None:
    duplicate = _same_file_standing(run)
    if duplicate is not None:
        _unchanged_file(run, checked, duplicate)
        return
    try:
        with transaction.atomic():
            outcome = applier_for(run.kind)(run, checked, options, progress)
            if run.dry_run:
                raise _DryRun(outcome)
            _audit(run, outcome)
    except _DryRun as dry:
        outcome = dry.outcome
    except Rejected as rejected:
        _reject(run, rejected.errors, len(rejected.errors))
        return
    _record(run, outcome, checked)


def _same_file_standing(run: ImportRun) -> ImportRun | None:
    """A sales import of the same bytes whose facts are still in: the lines would count twice."""
    if run.kind != ImportRun.Kind.SALES:
        return None
    standing = ImportRun.objects.standing().filter(kind=run.kind, file_hash=run.file_hash)
    return standing.exclude(pk=run.pk).order_by("created_at").first()


def _unchanged_file(run: ImportRun, checked: Checked, earlier: ImportRun) -> None:
    who = earlier.created_by.get_username() if earlier.created_by else _("the command line")
    message = _(
        "This file was already imported on %(when)s by %(who)s; nothing was changed. Undo that "
        "import first to import the file again."
    ) % {"when": date_time(timezone.localtime(earlier.created_at)), "who": who}
    revenue = checked.rows.get_column("revenue").sum() if checked.rows.height else 0
    _finish(
        run,
        ImportRun.Status.UNCHANGED,
        unchanged=checked.rows.height,
        revenue_total=_money(int(revenue or 0)),
        message=message,
        errors=_limited(checked.errors.to_dicts()),
        error_count=checked.errors.height,
    )


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _record(run: ImportRun, outcome: Outcome, checked: Checked) -> None:
    if run.dry_run:
        status = ImportRun.Status.CHECKED
    elif outcome.created or outcome.updated:
        status = ImportRun.Status.IMPORTED
    else:
        status = ImportRun.Status.UNCHANGED
    rejected = checked.rows_read - checked.rows.height
    message = _summary_message(status, outcome, rejected)
    _finish(
        run,
        status,
        rows_imported=0 if run.dry_run else outcome.rows_imported,
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        revenue_total=outcome.revenue_total,
        new_refs=outcome.new_refs,
        errors=_limited(checked.errors.to_dicts()),
        error_count=checked.errors.height,
        message=message,
    )


def _summary_message(status: str, outcome: Outcome, rejected: int) -> str:
    counts = {"created": outcome.created, "updated": outcome.updated, "same": outcome.unchanged}
    if status == ImportRun.Status.CHECKED:
        text = _(
            "Dry run: %(created)s would be created, %(updated)s updated, %(same)s unchanged. "
            "Nothing was written."
        )
    elif status == ImportRun.Status.UNCHANGED:
        text = _("Everything in the file is already in kamp: nothing was changed.")
    else:
        text = _("Imported: %(created)s created, %(updated)s updated, %(same)s unchanged.")
    text = text % counts
    if rejected:
        text += " " + _("%(n)s rows with problems were left out.") % {"n": rejected}
    return text


def _reject(run: ImportRun, errors: list[dict[str, Any]], count: int) -> None:
    message = _("Nothing was imported: %(n)s problems were found. Correct the file and try again.")
    _finish(
        run,
        ImportRun.Status.REJECTED,
        errors=_limited(errors),
        error_count=count,
        message=message % {"n": count},
    )


def _limited(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "row": e.get("row"),
            "column": e.get("column") or "",
            "value": e.get("value") or "",
            "message": e.get("message") or "",
        }
        for e in errors[:MAX_ERRORS]
    ]


def _audit(run: ImportRun, outcome: Outcome) -> None:
    changes = {
        "file": run.file_name,
        "sha256": run.file_hash,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "new": outcome.new_refs,
    }
    audit_record(actor=run.created_by, action=f"import.{run.kind}", obj=run, changes=changes)


class FinishFields(TypedDict, total=False):
    """What a run records when it ends: its counts, problems and message."""

    file_hash: str
    rows_read: int
    rows_imported: int
    created: int
    updated: int
    unchanged: int
    revenue_total: Decimal | None
    error_count: int
    errors: list[dict[str, Any]]
    new_refs: dict[str, list[str]]
    new_values: list[dict[str, object]]
    message: str


class RunFields(FinishFields, total=False):
    """Every field of an :class:`ImportRun` the pipeline sets while it runs or ends."""

    status: str
    stage: str
    progress: int
    started_at: dt.datetime
    finished_at: dt.datetime
    undone_at: dt.datetime
    undone_by: User | None
    stored_file: str
    format: str
    worker: str


def _set(run: ImportRun, **fields: Unpack[RunFields]) -> None:
    for key, value in fields.items():
        setattr(run, key, value)
    ImportRun.objects.filter(pk=run.pk).update(updated_at=timezone.now(), **fields)


def _finish(run: ImportRun, status: str, **fields: Unpack[FinishFields]) -> None:
    if "error_count" not in fields and "errors" in fields:
        fields["error_count"] = len(fields["errors"])
    _set(run, status=status, stage="", progress=100, finished_at=timezone.now(), **fields)


def _discard_upload(run: ImportRun) -> None:
    """Delete an uploaded copy once read; never a file the command line pointed at."""
    folder = Path(settings.KAMP_IMPORT_DIR).resolve()
    path = run.path
    if path is not None and path.resolve().parent == folder:
        path.unlink(missing_ok=True)
        _set(run, stored_file="")


#: This process, as a run's ``worker`` names it.
_WORKER = f"{socket.gethostname()}:{os.getpid()}"


def import_runs_recover_stale() -> int:
    """Mark failed the runs left "running" by a process that died (killed, out of memory, the
    machine restarted): the run's process on this machine is gone, or the run has not moved
    for ``KAMP_IMPORT_STALE_MINUTES``. Nothing of theirs was written (the import's transaction
    ended with the process). Called when the import list is shown and when a worker starts a
    task. Returns how many were marked."""
    cutoff = timezone.now() - timedelta(minutes=settings.KAMP_IMPORT_STALE_MINUTES)
    message = _(
        "The import stopped without finishing: its process ended or stopped answering "
        "(%(reason)s). Nothing was imported; import the file again."
    )
    marked = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING):
        if _process_gone(run.worker):
            reason = _("process %(worker)s is gone") % {"worker": run.worker}
        elif run.updated_at < cutoff:
            reason = _("no progress since %(when)s") % {
                "when": date_time(timezone.localtime(run.updated_at))
            }
        else:
            continue
        # Only if it has not moved meanwhile: a live run's next heartbeat wins.
        still = ImportRun.objects.filter(pk=run.pk, status=run.status, updated_at=run.updated_at)
        if still.update(status=ImportRun.Status.FAILED, stage=""):
            _finish(run, ImportRun.Status.FAILED, message=message % {"reason": reason})
            _discard_upload(run)
            log.warning("Import %s marked failed: %s", run.public_id, reason)
            marked += 1
    return marked


def _process_gone(worker: str) -> bool:
    """Whether ``host:pid`` names a process of this machine that no longer runs."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False


def import_run_discard(*, actor: User, run: ImportRun) -> None:
    """Drop a draft the user decided not to import."""
    _require(actor)
    if run.status == ImportRun.Status.DRAFT:
        _discard_upload(run)
        run.delete()


@transaction.atomic
def mapping_save(
    *, actor: User | None, kind: str, headers: list[str], name: str, mapping: Mapping
) -> SavedMapping:
    """Remember the confirmed columns for files with these headers."""
    _require(actor)
    saved, _created = SavedMapping.objects.update_or_create(
        kind=kind,
        headers_key=headers_key(headers),
        defaults={
            "name": name[:255],
            "columns": mapping.columns,
            "options": mapping.options(),
            "created_by": actor,
        },
    )
    return saved


@transaction.atomic
def import_run_undo(*, actor: User | None, run: ImportRun) -> ImportRun:
    """Take a whole import back out: its facts, or the rows it created and the values it changed.

    Refused when a later import of the same kind still stands (it may have changed the same
    rows), and when something outside the import depends on a customer it created.
    """
    _require(actor)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_undo:
        raise ValidationError(_("Only an import that is in kamp can be undone."))
    if run.kind != ImportRun.Kind.SALES:
        later = ImportRun.objects.standing().filter(kind=run.kind, created_at__gt=run.created_at)
        if later.exists():
            raise ValidationError(
                _("Undo the later %(kind)s imports first.") % {"kind": run.get_kind_display()}
            )
    removed = SalesFact.objects.filter(import_batch=run.public_id).delete()[0]
    _undo_changes(run, "wallet", WalletEstimate)
    _undo_changes(run, "contact", Contact)
    _undo_customers(run)
    now = timezone.now()
    _set(run, status=ImportRun.Status.UNDONE, undone_at=now, undone_by=actor)
    audit_record(actor=actor, action="import.undo", obj=run, changes={"sales_facts": removed})
    return run


def _undo_changes(run: ImportRun, model: str, cls: type[Contact] | type[WalletEstimate]) -> None:
    changes = ImportChange.objects.filter(run=run, model=model)
    created = [c.object_id for c in changes if c.before is None]
    for change in changes:
        if change.before is not None:
            cls.objects.filter(pk=change.object_id).update(**change.before)
    cls.objects.filter(pk__in=created).delete()


def _undo_customers(run: ImportRun) -> None:
    changes = list(ImportChange.objects.filter(run=run, model="customer"))
    if not changes:
        return
    for change in changes:
        if change.before is not None:
            Customer.objects.filter(pk=change.object_id).update(**change.before)
    created = [c.object_id for c in changes if c.before is None]
    _check_removable(created)
    Customer.objects.filter(pk__in=created).update(parent=None, group=None)
    Customer.objects.filter(pk__in=created).delete()
    regroup()


def _check_removable(created: list[int]) -> None:
    """Refuse to delete customers that other data now depends on."""
    keep = set(created)
    blockers = [
        SalesFact.objects.filter(customer_id__in=keep),
        Contact.objects.filter(customer_id__in=keep),
        WalletEstimate.objects.filter(customer_id__in=keep),
    ]
    children = Customer.objects.filter(parent_id__in=keep).exclude(pk__in=keep)
    if any(qs.exists() for qs in blockers) or children.exists():
        raise ValidationError(
            _(
                "Customers this import created now have sales, contacts, wallets or subsidiaries "
                "from elsewhere: undo those imports (or remove that data) first."
            )
        )


def errors_as_frame(run: ImportRun) -> pl.DataFrame:
    """The run's problems, for the CSV download."""
    from kamp.imports.validate import errors_frame

    return errors_frame(run.errors)
