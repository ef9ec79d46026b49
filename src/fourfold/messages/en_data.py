"""en_data messages (filled by the module that owns them)."""

DATA: dict[str, str] = {}
