"""Which column of a file holds which kamp field: header recognition and mapping files.

Headers are compared after :func:`normalise_header` (lower case, no accents, punctuation as
spaces), against the English, Spanish and French names in :data:`SYNONYMS`. Anything else is
named in a TOML mapping file (:func:`parse_mapping_toml`)::

    kind = "sales"
    delimiter = ";"
    decimal = ","
    date_format = "%d/%m/%Y"
    [columns]
    customer_id = "Cód. Cliente"
    date = "Fecha Factura"
    revenue = "Importe Neto (€)"
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

import tomli_w
from django.utils.translation import gettext as _

from kamp.imports.kinds import KINDS, KindSpec

#: Normalised header names that mean each field, in English, Spanish and French, one field a
#: line: ``field: name, name, ...`` (an indented line continues the one above).
_SYNONYM_TABLE = """
customer_id: customer id, customer, customer code, customer number, customer no, client id,
    client code, account id, account number, sold to, debtor, codigo cliente, cod cliente, id
    cliente, cliente, num cliente, numero cliente, n cliente, no cliente, deudor, code client, n
    client, no client, numero client, id client, client, ref client, reference client
name: name, customer name, company, company name, account name, contact name, full name, nombre,
    razon social, nombre cliente, nombre contacto, empresa, nom, raison sociale, nom client,
    societe, nom contact, nom complet
parent_id: parent id, parent, parent customer, parent code, group, group id, group code,
    holding, id padre, padre, cliente padre, grupo, codigo grupo, matriz, cod matriz, codigo
    matriz, id matriz, sociedad matriz, societe mere, mere, maison mere, code maison mere, code
    societe mere, groupe, code groupe, id parent
country: country, country code, pais, codigo pais, pays, code pays
industry: industry, sector, segment, vertical, industria, actividad, secteur, industrie,
    activite
size: size, company size, tamano, tamano empresa, taille, taille entreprise
business_unit: business unit, bu, unit, profit centre, profit center, division, unidad de
    negocio, unidad negocio, centro de beneficio, unite, unite commerciale, centre de profit,
    business unit code
contact_id: contact id, contact code, person id, id contacto, contacto, codigo contacto, id
    contact, code contact
title: title, job title, position, role, cargo, puesto, titulo, fonction, poste, titre
email: email, e mail, mail, email address, correo, correo electronico, courriel, adresse email,
    adresse e mail
phone: phone, telephone, phone number, tel, mobile, telefono, movil, numero de telephone,
    portable
reports_to: reports to, manager, manager id, boss, reporta a, jefe, responsable, superieur, rend
    compte a, manager contact id
date: date, invoice date, order date, posting date, document date, fecha, fecha factura, fecha
    de factura, fecha pedido, fecha documento, date facture, date de facture, date commande,
    date piece
revenue: revenue, sales, amount, net amount, net sales, net revenue, turnover, value, sales
    amount, invoiced, importe, importe neto, ventas, ventas netas, facturacion, valor, total,
    chiffre d affaires, ca, montant, montant ht, montant net, ventes
margin: margin, gross margin, profit, gross profit, contribution, margen, margen bruto,
    beneficio, marge, marge brute
quantity: quantity, qty, units, volume, cantidad, uds, unidades, quantite, qte, volumen
product_line: product line, product, product family, product group, line, linea de producto,
    linea producto, familia, familia producto, producto, ligne de produit, ligne produit,
    famille, famille produit, produit, gamme
line_id: line id, invoice line, line number, document line, id linea, linea factura, num linea,
    id ligne, ligne facture, numero ligne, invoice line id
wallet: wallet, potential, wallet estimate, estimated wallet, total spend, potencial, cartera,
    gasto total, potentiel, portefeuille, depense totale
year: year, fiscal year, ano, ejercicio, annee, exercice
"""


def _synonyms(table: str) -> dict[str, tuple[str, ...]]:
    """Parse the table; an indented line continues the field above it."""
    joined = re.sub(r"\n\s+", " ", table.strip())
    rows = (line.split(":", 1) for line in joined.splitlines())
    return {name.strip(): tuple(s.strip() for s in names.split(",")) for name, names in rows}


SYNONYMS: dict[str, tuple[str, ...]] = _synonyms(_SYNONYM_TABLE)

MAPPING_OPTIONS = (
    "delimiter",
    "decimal",
    "thousands",
    "encoding",
    "date_format",
    "sheet",
    "header_row",
)
_DELIMITERS = {",", ";", "\t", "|"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


class MappingError(ValueError):
    """A mapping file or a mapping choice that cannot be used; the message says why."""


@dataclass(frozen=True)
class Mapping:
    """How to read one file: which header holds each field, and the reading options."""

    kind: str
    columns: dict[str, str] = field(default_factory=dict)  # kamp field -> header in the file
    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    encoding: str | None = None
    date_format: str | None = None
    sheet: str | None = None
    header_row: int | None = None  # as the user counts: line or spreadsheet row, from 1

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    def with_columns(self, columns: dict[str, str]) -> Mapping:
        """The same options with another column mapping."""
        return replace(self, columns=dict(columns))

    def options(self) -> dict[str, Any]:
        """The reading options that are set, by name."""
        return {k: getattr(self, k) for k in MAPPING_OPTIONS if getattr(self, k) is not None}


def normalise_header(text: str) -> str:
    """``"Cód. Cliente"`` → ``"cod cliente"``: lower case, accents and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("º", "o").replace("°", " "))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", ascii_text).strip()


def _matches(field_name: str) -> set[str]:
    return {normalise_header(field_name.replace("_", " ")), *SYNONYMS.get(field_name, ())}


def detect_columns(kind: str, headers: list[str]) -> dict[str, str]:
    """The fields of ``kind`` recognised among ``headers``: exact names first, then prefixes.

    Each header serves one field at most; a prefix match (``"fecha factura emitida"`` for
    ``date``) only fills fields that no exact match claimed.
    """
    spec = KINDS[kind]
    normalised = {h: normalise_header(h) for h in headers}
    found: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for f in spec.fields:
            if f.name in found:
                continue
            names = _matches(f.name)
            for header, norm in normalised.items():
                if header in used or not norm:
                    continue
                hit = norm in names if exact else any(norm.startswith(f"{n} ") for n in names)
                if hit:
                    found[f.name] = header
                    used.add(header)
                    break
    return found


def recognised_count(kind: str, cells: list[str]) -> int:
    """How many of ``cells`` read as headers of ``kind`` (used to find the header row)."""
    return len(detect_columns(kind, [c for c in cells if c]))


def parse_mapping_toml(text: str, *, kind: str | None = None) -> Mapping:
    """Read a TOML mapping file; ``kind``, when given, must agree with the file's own."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = _("The mapping file is not valid TOML: %(error)s") % {"error": error}
        raise MappingError(message) from None
    file_kind = data.pop("kind", kind)
    if kind is not None and file_kind != kind:
        raise MappingError(
            _("The mapping file is for %(file)s, not %(kind)s.") % {"file": file_kind, "kind": kind}
        )
    if file_kind not in KINDS:
        raise MappingError(
            _("Unknown kind %(kind)r: use one of %(kinds)s.")
            % {"kind": file_kind, "kinds": ", ".join(KINDS)}
        )
    columns = data.pop("columns", {})
    unknown = set(data) - set(MAPPING_OPTIONS)
    if unknown:
        raise MappingError(
            _("Unknown setting(s) in the mapping file: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    return build_mapping(str(file_kind), columns, data)


def build_mapping(kind: str, columns: object, options: dict[str, Any]) -> Mapping:
    """A checked :class:`Mapping` from plain values (a TOML file, a form, an API call)."""
    spec = KINDS[kind]
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise MappingError(_("[columns] must map kamp fields to header names (text)."))
    unknown = set(columns) - set(spec.field_names)
    if unknown:
        raise MappingError(
            _("%(kind)s have no field %(names)s; the fields are: %(fields)s.")
            % {
                "kind": spec.label,
                "names": ", ".join(sorted(unknown)),
                "fields": ", ".join(spec.field_names),
            }
        )
    return Mapping(kind=kind, columns=dict(columns), **_checked_options(options))


def _checked_options(options: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in options.items():
        if value is None or value == "":
            continue
        if name == "header_row":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise MappingError(_("header_row must be a whole number from 1."))
        elif not isinstance(value, str):
            raise MappingError(_("%(name)s must be text.") % {"name": name})
        if name == "delimiter" and value not in _DELIMITERS:
            raise MappingError(_('delimiter must be one of "," ";" "|" or a tab ("\\t").'))
        if name in {"decimal", "thousands"} and value not in {",", ".", " ", "'", ""}:
            raise MappingError(_('%(name)s must be "," or "."') % {"name": name})
        clean[name] = value
    if clean.get("decimal") and clean.get("decimal") == clean.get("thousands"):
        raise MappingError(_("decimal and thousands must be different characters."))
    return clean


def mapping_to_toml(mapping: Mapping) -> str:
    """The mapping as a TOML file that :func:`parse_mapping_toml` reads back (any text: quotes,
    backslashes, control characters are escaped by ``tomli_w``)."""
    document: dict[str, Any] = {"kind": mapping.kind, **mapping.options()}
    document["columns"] = dict(mapping.columns)
    return tomli_w.dumps(document)
