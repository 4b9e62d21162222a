"""API endpoints for key accounts and their plans, one module per sub-domain on one router.

Importing the modules registers their operations on :data:`router`, which ``kamp.api`` mounts.
"""

from __future__ import annotations

from kamp.accounts.api import (
    initiatives,
    key_accounts,
    plans,
    resources,
    stakeholders,
    team,
    whitespace,
)
from kamp.accounts.api.common import router

# Operation ids stay those of the single module the operations came from
# (``kamp_accounts_api_<function>``), so generated clients keep their method names.
for _path_view in router.path_operations.values():
    for _operation in _path_view.operations:
        if _operation.operation_id is None:
            _operation.operation_id = f"kamp_accounts_api_{_operation.view_func.__name__}"

__all__ = [
    "initiatives",
    "key_accounts",
    "plans",
    "resources",
    "stakeholders",
    "team",
    "whitespace",
    "router",
]
