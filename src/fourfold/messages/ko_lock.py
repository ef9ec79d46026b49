"""Korean messages (keys as in en_lock.py)."""

LOCK = {
}
