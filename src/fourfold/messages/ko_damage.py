"""Korean messages (keys as in en_damage.py)."""

DAMAGE = {
}
