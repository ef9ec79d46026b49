"""English messages about a run's inputs: fingerprints, data folders, refusals before a run starts."""

INPUTS = {
}
