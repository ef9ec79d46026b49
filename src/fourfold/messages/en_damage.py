"""English messages naming damaged or unwritable files fourfold wrote or writes."""

DAMAGE = {
}
