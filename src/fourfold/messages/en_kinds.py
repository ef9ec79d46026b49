"""English messages about kinds of input data and reading `predict`'s files."""

KINDS_TEXT = {
    "kinds.unknown": "This run's inputs are of kind '{kind}', which this fourfold does not know (it knows {kinds}): the run was made by a newer fourfold. Predict with that version.",
    "kinds.accepts.image": "an image (PNG, JPEG, ...), a folder of images, an IDX file or an NPZ file",
    "kinds.accepts.table": "a CSV file with the training columns",
    "kinds.accepts.radar": "a Statoil/C-CORE JSON file (train.json or test.json)",
    "kinds.accepts.frame": "a CSV/TSV or Parquet table with the columns {columns}",
    "check.multilabel_needs_label_rows": "task multilabel needs 0/1 label columns (several labels per row), and data set {dataset} has one label per row. Use task multiclass (softmax: one class per row) or binary.",
    "check.single_label_task_on_label_rows": "task {task} gives one class per row, and this data set has {labels} 0/1 label columns per row. Use task multilabel (sigmoid on each label, binary cross-entropy).",
    "check.binary_needs_two_classes": "task binary (one sigmoid unit) needs two classes, and this data set has {classes}. Use task multiclass (softmax over the classes, categorical cross-entropy).",
    "check.classification_needs_classes": "task {task} needs class labels, and this data set's target is a number. Use task regression (one linear unit, mse).",
    "check.regression_on_classes": "task regression (one linear unit) would treat this data set's {classes} class labels as numbers. Use task multiclass, or binary for two classes.",
    "check.more_folds_than_rows": "kfold.n_splits is {folds}, but there are only {rows} training rows. Use fewer folds.",
    "check.more_folds_than_class": "kfold.n_splits is {folds}, but class {name} has only {count} training rows, so some folds would hold none of it. Use at most {count} folds.",
    "check.downsample_too_large": "preprocess.downsample {downsample} is larger than the inputs ({shape}): no feature would be left. Use a smaller downsample.",
    "predict.no_such_file": "{path}: no such file.",
    "predict.unreadable_image": "{path}: not a readable image ({error}).",
    "predict.unreadable_npz": "{path}: not a readable NPZ file ({error}).",
    "predict.npz_keys": "{path} holds the arrays {keys}: name the inputs 'x' (or keep a single array).",
}
