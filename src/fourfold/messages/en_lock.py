"""English messages about the lock that keeps one writer per run folder."""

LOCK = {
}
