"""English messages about resuming runs, interrupts and checkpoints."""

RESUME = {
}
