"""English messages about a run's inputs: fingerprints, data folders, refusals before a run starts."""

INPUTS = {
    "inputs.only_named_folder": "nowhere else: a named data folder (--data-dir or FOURFOLD_DATA) is the only place fourfold looks, never the user cache, a system copy, the embedded copy or an internet mirror instead. Name the folder that holds the data set, or name none to use those copies.",
    "inputs.unreadable": "Cannot read {path} to fingerprint the run's data: {error}.",
    "inputs.recipe_edited": "{path} was edited after the run started: resuming would train the rest of the run with other settings than its first epochs. Undo the edit to resume, or start a new run with the edited recipe: fourfold run {path}",
    "inputs.in_memory": "Run {path} trained on data given in memory (fourfold.run(..., data=...)), which --resume cannot get back. Start a new run instead.",
    "inputs.gone": "The data run {path} trained on ({location}) cannot be found now:\n{error}\nPoint --data-dir at the folder holding that data (a copy elsewhere is accepted when its files are identical), or start a new run: fourfold run {config}",
    "inputs.changed": "The data of run {path} changed since it started (it was read from {location}; now from {now}):\n{changes}\nResuming would train the rest of the run on other data than its first epochs. Point --data-dir at the original data (a copy elsewhere is accepted when its files are identical), or start a new run: fourfold run {config}",
    "inputs.change.gone": "  - {path}: gone (it had {size} bytes)",
    "inputs.change.new": "  - {path}: a new file ({size} bytes)",
    "inputs.change.size": "  - {path}: {old} bytes then, {new} bytes now",
    "inputs.change.content": "  - {path}: same size, other content (SHA-256 {old}... then, {new}... now)",
    "inputs.change.more": "  - and {count} more",
    "inputs.submission_failed": "The run is complete ({run_dir}; report {report}), but its submission was not written: {error} Write it later with: fourfold predict {run_dir} {unlabelled} --out FILE",
}
