"""English messages naming damaged or unwritable files fourfold wrote or writes.

A damaged file's message is ``damage.file`` (the path and what is wrong) followed by
the way out for that file (``damage.way_out.*``).
"""

DAMAGE = {
    "damage.file": "{path} is damaged: {problem}. {way_out}",
    "damage.way_out.rerun": "Neither `fourfold report` nor `fourfold predict` can repair it; rerun the run (`fourfold run {config}`).",
    "damage.way_out.status": "Whether the run finished is no longer known, so nothing trusts it; rerun the run (`fourfold run {config}`).",
    "damage.way_out.section": "It only feeds the report: delete it and `fourfold report {run}` rebuilds the report without it; or rerun the run (`fourfold run {config}`) to get it back.",
    "damage.way_out.config": "It is the recipe the run was made from: restore it from your recipe, or delete it and `fourfold report {run}` rebuilds the report without it.",
    "damage.way_out.model": "The trained weights cannot be recovered from it: train again (`fourfold run {config}`), or, if the run was interrupted, `fourfold run --resume {run}`.",
    "damage.problem.empty": "it is empty",
    "damage.problem.yaml": "it cannot be read as YAML ({error})",
    "damage.problem.mapping": "it must hold a YAML mapping of recipe fields; found {found}",
    "damage.problem.changed": "it is not the file the run wrote (its SHA-256 differs from the one {record} records: cut off or edited)",
    "damage.problem.csv": "it cannot be read as CSV ({error})",
    "damage.problem.columns": "it lacks the column(s) {columns}",
    "damage.problem.not_numbers": "column '{column}' must hold numbers; found {found!r} in row {row}",
    "damage.problem.missing_cell": "row {row} has no value in column '{column}' (a cut-off file?)",
    "damage.problem.epochs": "its 'epoch' column must count 1, 2, 3...; found {found}",
    "damage.problem.npz": "it cannot be read as a NumPy .npz archive ({error})",
    "damage.problem.arrays": "it must hold the arrays {expected}; found {found}",
    "damage.problem.array_shape": "array '{name}' has shape {shape}; {expected}",
    "damage.problem.model": "it cannot be loaded as a Keras model in safe mode (no code in a model file is ever run): {error}",
    "damage.expected.images": "expected images (rows, height, width[, channels]) of numbers",
    "damage.expected.per_row": "expected one number per image of '{images}' ({count})",
    # the run index ($FOURFOLD_HOME/index.sqlite): a cache, never a reason to stop
    "damage.index.moved": "warning: the run index {path} was damaged ({error}); it was moved to {moved} and a new one started. `fourfold runs` lists the runs made from now on.",
    "damage.index.bypassed": "warning: the run index {path} cannot be written ({error}); this run is not listed by `fourfold runs`, its folder is complete without it.",
    "damage.index.unreadable": "The run index {path} cannot be read: {error}. Check that folder (set FOURFOLD_HOME to use another), or try again when no other fourfold is writing it.",
    "damage.index.home_is_file": "FOURFOLD_HOME is {path}, a file; it must be a folder",
    "damage.index.home_not_folder": "FOURFOLD_HOME is {path}, a file, not a folder: point it at a folder, or unset it to keep the run index in ~/.local/state/fourfold.",
    "damage.runs.unreadable": "unreadable",
    "damage.runs.unreadable_note": "{path} is damaged ({problem}): its run is listed as unreadable.",
    # output paths
    "output.is_folder": "{path} is a folder; give the path of a file to write (for example {example}).",
    "output.unwritable": "Cannot write {path}: {error}.",
    # numbers in a user's table too large for their column (datasets/table_file.py)
    "data.table.overflow_float": "{path}, row {row}, column {column!r}: the number is infinite or too large for a 64-bit float (beyond about 1.8e308). Fix or blank out that cell, or leave the column out with --drop {column}.",
    "data.table.overflow_integer": "{path}, row {row}, column {column!r}: {value} is too large for a 64-bit number (at most 9223372036854775807), so the column would be read as text. Fix or blank out that cell, or leave the column out with --drop {column}.",
}
