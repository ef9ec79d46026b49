"""Korean messages (keys as in en_resume.py)."""

RESUME = {
}
