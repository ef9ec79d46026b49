"""English messages about the lock that keeps one writer per run folder."""

LOCK = {
    "lock.held": "Run folder {path} is being written by process {pid} on {host} (since {since}). Only one process may train into a run folder: wait for that one to finish (fourfold runs shows its status) or stop it, then resume.",
    "lock.unwritable": "Cannot create the lock file {path}: {error}. A run folder must be writable to train into it; copy it somewhere writable and resume the copy.",
}
