"""en_report messages (filled by the module that owns them)."""

REPORT: dict[str, str] = {}
