"""English messages about kinds of input data and reading `predict`'s files."""

KINDS_TEXT = {
    "kinds.unknown": "This run's inputs are of kind '{kind}', which this fourfold does not know (it knows {kinds}): the run was made by a newer fourfold. Predict with that version.",
    "kinds.accepts.image": "an image (PNG, JPEG, ...), a folder of images, an IDX file or an NPZ file",
    "kinds.accepts.table": "a CSV file with the training columns",
    "kinds.accepts.radar": "a Statoil/C-CORE JSON file (train.json or test.json)",
    "kinds.accepts.frame": "a CSV/TSV or Parquet table with the columns {columns}",
    "predict.no_such_file": "{path}: no such file.",
    "predict.unreadable_image": "{path}: not a readable image ({error}).",
    "predict.unreadable_npz": "{path}: not a readable NPZ file ({error}).",
    "predict.npz_keys": "{path} holds the arrays {keys}: name the inputs 'x' (or keep a single array).",
}
