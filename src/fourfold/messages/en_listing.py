"""English text of the listings: `fourfold datasets`, `recipes` and `inspect`."""

LISTING: dict[str, str] = {
    # task names as a reader says them
    "task.multiclass": "multiclass",
    "task.regression": "regression",
    "task.binary": "binary",
    "task.multilabel": "multi-label",
    # fourfold datasets
    "datasets.column.name": "data set",
    "datasets.column.task": "task",
    "datasets.column.where": "found in",
    "datasets.column.size": "size",
    "datasets.how_to_get": "{name} — {how_to_get}",
    # fourfold recipes
    "recipes.column.name": "recipe",
    "recipes.column.task": "task",
    "recipes.column.summary": "what it does",
    "recipes.column.textbook": "textbook result",
    "recipes.show_hint": "Print a recipe with `fourfold recipes show NAME`; run it with `fourfold run NAME`.",
    # fourfold inspect (a data set's arrays)
    "inspect.arrays.shapes": "train {train}, test {test}, dtype {dtype}, missing values {missing}",
    "inspect.arrays.feature": "feature",
    "inspect.arrays.all_values": "all values",
    "inspect.arrays.min": "min",
    "inspect.arrays.max": "max",
    "inspect.arrays.mean": "mean",
    "inspect.arrays.std": "std",
    "inspect.arrays.scaling": "scaling: {scaler} ({why})",
    "inspect.scaler.pixels": "8-bit pixels in 0..255: divide by 255 to get 0..1.",
    "inspect.scaler.standard": "features span very different ranges; standardize each with the training rows' mean and standard deviation.",
    "inspect.scaler.none": "values already share a similar, small range.",
    "inspect.arrays.class": "class",
    "inspect.arrays.train": "train",
    "inspect.arrays.test": "test",
    "inspect.arrays.imbalance": "imbalance ratio (largest/smallest training class): {ratio:.2f}",
    "inspect.arrays.duplicates": "test rows identical to a training row: {count}",
    "inspect.labels.label": "label",
    "inspect.labels.per_row": "labels per training row: {count:.2f}; co-occurrence (training rows with both labels):",
}
