"""Korean messages (keys as in en_decode.py)."""

DECODE = {
}
