"""English text of `--help` itself: each command's description, its line in the command
list, each argument's and option's help, and the words Typer would print in English.

Keys: ``help.command.<command>`` and ``help.short.<command>`` (``fourfold`` for the app),
``help.param.<command>.<parameter>``, and ``help.param.common.<option>`` for the options
several commands share (``--lang``, ``--debug``, ``--data-dir``, ``--target``, ...).
"""

OPTIONS: dict[str, str] = {
    "help.usage": "Usage:",
    "help.commands": "Commands",
    "help.default": "default",
    # the app
    "help.command.fourfold": (
        "Neural networks for the four classic supervised problems, from data to an explained "
        "result.\n\nStart with: fourfold run mnist (then fourfold report, predict, compare on its "
        "run folder). Every command has examples in its --help."),
    "help.param.fourfold.version": "Print fourfold's version and exit.",
    # shared options
    "help.param.common.help": "Show this message and exit.",
    "help.param.common.debug": "Show tracebacks of errors.",
    "help.param.common.lang": (
        "Language of messages and reports: English or Korean (also FOURFOLD_LANG)."),
    "help.param.common.quiet": "Print only the summary.",
    "help.param.common.data_dir": "Folder holding the data sets (also FOURFOLD_DATA).",
    "help.param.common.target": "Your table's column to predict (several 0/1 columns: a,b,c).",
    "help.param.common.task": "Force the task instead of inferring it from the target.",
    "help.param.common.drop": "Leave these table columns out (repeatable, or a,b).",
    "help.param.common.test": "A test table with the same columns (default: 20% of the rows).",
    # run
    "help.command.run": (
        "Train RECIPE's model(s) and write a run folder with metrics, model and report (or "
        "continue one with --resume RUN_DIR)."),
    "help.short.run": "Train a recipe's model and write a run folder.",
    "help.param.run.recipe": (
        "A built-in recipe name, a YAML recipe file, your own table (CSV/TSV/Parquet, with "
        "--target) or a folder of photos with one sub-folder per class."),
    "help.param.run.resume": "Continue an interrupted run folder from its last completed epoch.",
    "help.param.run.out": "Where run folders are created.",
    "help.param.run.epochs": "Override training.epochs.",
    "help.param.run.batch_size": "Override training.batch_size.",
    "help.param.run.seed": "Override the training seed.",
    "help.param.run.kfold": "K-fold cross-validation: a fresh model per fold.",
    "help.param.run.jobs": "Folds trained in parallel processes.",
    "help.param.run.submit_to": "Write a Kaggle submission for the data set's test file here.",
    "help.param.run.overrides": (
        "Override any recipe field: --set model.hidden_units=[128,64] (repeatable)."),
    # predict
    "help.command.predict": "Predict INPUTs with RUN_DIR's model and its saved preprocessing.",
    "help.short.predict": "Predict new inputs with a run's model.",
    "help.param.predict.run_dir": "A complete run folder.",
    "help.param.predict.inputs": (
        "Image files or folders of them, IDX or NPZ batches, CSV rows (or, for a photo run, "
        "CSVs of photo paths), radar JSON."),
    "help.param.predict.out": "Write predictions to this CSV.",
    "help.param.predict.root": (
        "Folder the photo paths in a CSV are relative to (default: the CSV's folder)."),
    # report
    "help.command.report": "Rebuild RUN_DIR/report.html from the run folder alone.",
    "help.short.report": "Rebuild a run's report from its folder.",
    "help.param.report.run_dir": "A run folder.",
    # compare
    "help.command.compare": (
        "Learning curves overlaid and metrics side by side, for several runs."),
    "help.short.compare": "Compare runs on one page.",
    "help.param.compare.run_dirs": "Two or more run folders.",
    "help.param.compare.out": "The comparison page to write.",
    # inspect
    "help.command.inspect": (
        "Profile a data set: shapes, value ranges and scaling, class balance, missing values, "
        "duplicates shared between train and test. For your own table: each column's kind "
        "(numeric, categorical, boolean, or left out and why) and, with --target, the task."),
    "help.short.inspect": "Profile a data set before training.",
    "help.param.inspect.target": (
        "A built-in data set or recipe name, a recipe file, your own table (CSV/TSV/Parquet) "
        "or photo folder."),
    # datasets
    "help.command.datasets": (
        "Show each built-in data set, where it is found (or how to get it) and its size."),
    "help.short.datasets": "List the built-in data sets, where they are and their sizes.",
    # recipes
    "help.command.recipes": (
        "List the built-in recipes, print one's YAML with `recipes show NAME`, or print a "
        "complete recipe for your own data with `recipes init data.csv --target COL` (or "
        "`recipes init photos/`) to edit and run with `fourfold run recipe.yaml`."),
    "help.short.recipes": "List the built-in recipes, show one, or write one for your data.",
    "help.param.recipes.action": (
        "'show' to print a built-in recipe, 'init' to write one for your own data."),
    "help.param.recipes.name": "The recipe to show, or your table / photo folder to init.",
    # runs
    "help.command.runs": (
        "List past runs with their status and headline metric; a run whose folder cannot be "
        "read is listed as unreadable, naming the file."),
    "help.short.runs": "List past runs, newest first.",
    "help.param.runs.limit": "Show at most N runs.",
    # explain
    "help.command.explain": (
        "Show softmax and sigmoid on the same scores: softmax's probabilities sum to 1 and "
        "make the classes compete, sigmoid judges each alone; and which task each serves."),
    "help.short.explain": "Softmax versus sigmoid on the same scores.",
    "help.param.explain.activation": (
        "The output activation to explain: softmax (multiclass) or sigmoid (binary, "
        "multilabel)."),
    "help.param.explain.scores": (
        "A model's scores (logits) for one row, e.g. 3.1 3.0 2.9 (the default)."),
    "help.param.explain.names": (
        "Class names, one per score, separated by commas: burger,pizza,salad."),
}
