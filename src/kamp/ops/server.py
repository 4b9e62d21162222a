"""How ``kamp serve`` runs waitress, including whom it believes about the original request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from collections.abc import Sequence

# The headers a trusted reverse proxy sets: the client's address and scheme, and the host asked.
PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}


def waitress_options(
    *, host: str, port: int, threads: int, trusted_proxies: Sequence[str]
) -> dict[str, Any]:
    """Keyword arguments for ``waitress.serve``.

    With ``trusted_proxies`` (``settings.KAMP_TRUSTED_PROXIES``), waitress takes the client's
    address and scheme from the proxy's ``X-Forwarded-*`` headers, and drops those headers when
    anybody else sends them. Waitress trusts one proxy address, or ``*`` (any peer: only when
    nothing but the proxy can reach kamp's port, e.g. inside a container network).
    """
    options: dict[str, Any] = {"host": host, "port": port, "threads": threads, "ident": "kamp"}
    if not trusted_proxies:
        return options
    if len(trusted_proxies) > 1:
        raise ImproperlyConfigured(
            "KAMP_TRUSTED_PROXIES takes the address of one reverse proxy (or *), "
            f"not {', '.join(trusted_proxies)}."
        )
    options.update(
        trusted_proxy=trusted_proxies[0],
        trusted_proxy_count=1,
        trusted_proxy_headers=PROXY_HEADERS,
        clear_untrusted_proxy_headers=True,
    )
    return options
