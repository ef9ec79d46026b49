"""Korean messages (keys as in en_inputs.py)."""

INPUTS = {
}
