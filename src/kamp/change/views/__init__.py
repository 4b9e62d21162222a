"""Pages of programme maturity and change management (one module per part of the page set)."""
