"""English messages of the Python API: ``fourfold.run``, ``fourfold.Data``, ``fourfold.load``."""

API = {
    # fourfold.run
    "api.unknown_keyword": "fourfold.run() got an unknown keyword {keyword!r}{suggestion}. It takes {allowed}, or a recipe field as section__field=value (training__learning_rate=0.001) where section is one of {fields}.",
    "api.did_you_mean": " (did you mean {name!r}?)",
    "api.bad_recipe": "fourfold.run() takes a built-in recipe name, the path of a YAML recipe, a table file, a photo folder or a fourfold.Recipe as its first argument; got {received}.",
    "api.bad_overrides": "overrides must be a mapping such as {{'model.hidden_units': [128, 64]}} or a list of 'key.path=value' strings as --set takes them; got {received}.",
    "api.given_twice": "Recipe field {key} is given twice ({first} and {second}); give it once.",
    "api.bad_data": "data must be fourfold.Data(x_train, y_train, x_test, y_test) or a fourfold.datasets.LoadedData; got {received}.",
    "api.data_ignores": "data= replaces the recipe's data set, so {option} would be ignored; remove it.",
    "api.data_own_data": "data= replaces a recipe's data set, and {argument} is your own data already: give a recipe (built-in name, YAML file or fourfold.Recipe) with data=, or the file without it.",
    "api.data_jobs": "data= trains in this process only: jobs={jobs} would start processes that load the recipe's own data set from files. Use jobs=1.",
    # fourfold.Data
    "api.data.source": "arrays given to fourfold.run ({train} training rows, {test} test rows)",
    "api.data.batch_axis": "{name} must have the rows first, shape (n, ...); got shape {shape}. For a single feature use {name}.reshape(-1, 1).",
    "api.data.rows": "{x} has {x_rows} rows but {y} has {y_rows}; they must match row for row.",
    "api.data.row_shapes": "Rows of {first} have shape {first_shape} but rows of {second} have {second_shape}; they must be the same.",
    "api.data.not_numeric": "{name} must hold numbers (uint8 for pixels); got dtype {dtype}. A table with text columns can be saved as CSV and run as fourfold.run('table.csv', target='column').",
    "api.data.target_shape": "For task {task}, {name} must have shape {expected}; got {shape}.",
    "api.data.not_binary_labels": "For task multilabel, {name} must hold 0 or 1 per label; found {values}.",
    "api.data.regression_classes": "class_names would be ignored for task regression (its targets are values); remove it.",
    "api.data.class_count": "Task binary needs two classes; the targets have {count} ({classes}). Use a multiclass recipe.",
    "api.data.one_class": "The targets have a single class ({classes}); there is nothing to learn.",
    "api.data.bad_ids": "With class_names, {name} must hold class ids 0..{last}; found {value}.",
    "api.data.unseen_class": "{name} holds class {value}, which no row of y_train has. Classes in y_train: {classes}.",
    "api.data.label_names": "class_names has {count} names but {name} has {labels} label columns.",
    # fourfold.load
    "api.no_probabilities": "{run_dir} holds a {task} model: it predicts values, not class probabilities. Use predict().",
    "api.bad_input": "predict() takes an array of inputs, a pandas DataFrame, or the path (or a list of paths) of input files; got {received}.",
    "api.bad_shape": "x has rows of shape {received}, but the model of {run_dir} expects rows of shape {expected} (or flattened rows of {size} values).",
    "api.needs_pixels": "The model of {run_dir} was trained on uint8 pixels (0-255) and scales them itself; x has dtype {dtype}. Give the raw pixels (x.astype('uint8')).",
    "api.needs_frame": "The model of {run_dir} was trained on a table: give x as a pandas DataFrame with the columns {columns}, or the path of a table file.",
}
