"""``python -m kamp.cli``: how `kamp serve` starts its background worker."""

from kamp.cli import main

main()
