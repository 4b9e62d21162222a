"""HTML forms of the imports: upload a file, then confirm its mapping and options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kamp.imports.kinds import KINDS
from kamp.imports.mapping import Mapping, MappingError, build_mapping, parse_mapping_toml
from kamp.imports.models import ImportRun
from kamp.imports.validate import Options

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


class UploadForm(forms.Form):
    """A file, its kind, and optionally a TOML mapping file."""

    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (any delimiter or encoding), Excel .xlsx or Parquet.")
    )
    mapping_file = forms.FileField(
        label=_("Mapping file (optional)"),
        required=False,
        help_text=_("A TOML file naming the columns, as `kamp import --mapping` takes."),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if (upload.size or 0) > settings.KAMP_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than this server accepts."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("mapping_file")
        if upload is not None and data.get("kind"):
            try:
                text = upload.read().decode("utf-8-sig")
                data["mapping"] = parse_mapping_toml(text, kind=data["kind"])
            except (UnicodeDecodeError, MappingError) as error:
                self.add_error("mapping_file", str(error))
        return data


NOT_IN_FILE = ""


class MappingForm(forms.Form):
    """One menu per kamp field (which header holds it), then the reading and safety options."""

    date_format = forms.CharField(
        label=_("Date format"),
        required=False,
        max_length=32,
        help_text=_("Only when dates are ambiguous, e.g. %d/%m/%Y (day first) or %m/%d/%Y."),
    )
    decimal = forms.ChoiceField(
        label=_("Decimal separator"),
        required=False,
        choices=[("", _("Detect")), (",", _("Comma (1.234,56)")), (".", _("Point (1,234.56)"))],
    )
    dry_run = forms.BooleanField(label=_("Dry run: check and count, write nothing"), required=False)
    strict = forms.BooleanField(
        label=_("Strict: refuse product lines, units and countries kamp does not know yet"),
        required=False,
    )
    create_customers = forms.BooleanField(
        label=_("Create the customers these rows name if they are unknown"), required=False
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and leave the others out (not all or nothing)"),
        required=False,
    )

    def __init__(
        self, *args: Any, kind: str, headers: list[str], mapping: Mapping, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.base = mapping
        choices = [(NOT_IN_FILE, _("— not in the file —")), *((h, h) for h in headers)]
        self.column_fields: list[str] = []
        for spec in KINDS[kind].fields:
            name = f"col_{spec.name}"
            self.fields[name] = forms.ChoiceField(
                label=_field_label(spec.name, str(spec.label)),
                choices=choices,
                required=spec.required,
                initial=mapping.columns.get(spec.name, NOT_IN_FILE),
            )
            self.column_fields.append(name)
        self.fields["date_format"].initial = mapping.date_format
        self.fields["decimal"].initial = mapping.decimal or ""
        if kind not in {"sales", "wallet"}:
            del self.fields["create_customers"]

    def column_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.column_fields]

    def option_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.column_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {
            n.removeprefix("col_"): str(data[n]) for n in self.column_fields if data.get(n)
        }
        headers = list(chosen.values())
        twice = {h for h in headers if headers.count(h) > 1}
        if twice:
            raise forms.ValidationError(
                _("Each column can hold one field only: %(names)s chosen twice.")
                % {"names": ", ".join(sorted(twice))}
            )
        options = {**self.base.options(), "date_format": data.get("date_format") or None}
        options["decimal"] = data.get("decimal") or None
        try:
            data["mapping"] = build_mapping(self.kind, chosen, options)
        except MappingError as error:
            raise forms.ValidationError(str(error)) from None
        data["options"] = Options(
            strict=bool(data.get("strict")),
            create_customers=bool(data.get("create_customers")),
            skip_invalid=bool(data.get("skip_invalid")),
        )
        return data


def _field_label(name: str, label: str) -> str:
    """``country``, or ``nombre (name)`` when the label (translated) differs from the name."""
    return label if label == name.replace("_", " ") else f"{label} ({name})"
