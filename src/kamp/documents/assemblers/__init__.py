"""Read what a document shows, with the reader's permissions, into a :class:`Document`.

One module per document kind. Call these inside ``translation.override(language)``: every label
is translated here. Each assembler reads through :mod:`kamp.documents.selectors` (``visible_to``)
or a ``get_*_for`` helper, so a document never shows more than the reader's pages do.
"""

from kamp.documents.assemblers.account_plan import account_plan
from kamp.documents.assemblers.brief import brief
from kamp.documents.assemblers.sponsorship import sponsorship_plan
from kamp.documents.assemblers.summary import summary

__all__ = ["account_plan", "brief", "sponsorship_plan", "summary"]
