"""Running kamp in production: health check, backups, JSON logs, login lockout, server options."""
