"""English messages about resuming runs, interrupts and checkpoints."""

RESUME = {
    "resume.checkpoint_damaged": "The checkpoint {path} is damaged ({problem}). Delete the folder {folder} to train this model again from epoch 1, then resume the run again.",
    "resume.checkpoint_mismatch": "The checkpoint {path} does not fit this run's model ({problem}). Delete the folder {folder} to train this model again from epoch 1, then resume the run again.",
    "interrupt.resume_line": "Interrupted: {path} is marked interrupted. Continue it with: {command}",
}
