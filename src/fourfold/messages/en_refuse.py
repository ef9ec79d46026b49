"""English messages refusing recipes that cannot make sense."""

REFUSE = {
}
