"""Korean messages (keys as in en_refuse.py)."""

REFUSE = {
}
