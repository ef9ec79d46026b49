"""English messages of `fourfold sweep`: the grid, the trials, the results table and page.

``SWEEP_HELP`` (the command's --help) is merged into the catalogue with the command's
registration in the app (tests check that every help key belongs to a command).
"""

SWEEP = {
    "sweep.grid.none": "Give at least one --grid KEY=V1,V2 (for example --grid preprocess.scaler=standard,minmax).",
    "sweep.grid.form": "--grid {option!r} must look like key.path=v1,v2 (or v1;v2 for values with commas), for example --grid preprocess.scaler=standard,minmax or --grid 'model.hidden_units=[64,32];[128,64]'.",
    "sweep.grid.key_twice": "--grid {key} is given twice; give all its values in one --grid {key}=v1,v2.",
    "sweep.grid.value_twice": "--grid {key} lists the value {value} twice; each value makes one trial.",
    "sweep.grid.empty_value": "--grid {key} has an empty value; separate values by commas (or semicolons) with none left blank.",
    "sweep.grid.bad_value": "--grid {key}: the value {value!r} is not valid YAML: {error}",
    "sweep.grid.too_many": "The grid makes {count} trials, more than {limit}. Give fewer values, or sample it with --search optuna --trials N.",
    "sweep.grid.kfold_twice": "Give K-fold either with --kfold K or with --grid {key}=..., not both.",
    "sweep.trial.source": "--grid trial {number} ({settings})",
    "sweep.recipe_or_resume": "Give a RECIPE to start a sweep, or --resume SWEEP_DIR to finish one (not both).",
    "sweep.resume_no_options": "--resume continues the sweep as sweep.json records it; it takes no --grid, --set, --kfold, --search, --trials or --data-dir (only --executor, --jobs, --address).",
    "sweep.address_needs_ray": "--address joins a Ray cluster: it needs --executor ray.",
    "sweep.optuna_needs_trials": "--search optuna samples the grid: say how many trials with --trials N.",
    "sweep.trials_need_optuna": "--trials N is for --search optuna; a grid search runs every combination.",
    "sweep.missing_extra": "This needs the optional package '{package}', which is not installed. Install it with: pip install 'fourfold[{extra}]'",
    "sweep.ray.connect": "Cannot start or join the Ray cluster ({address}): {error}. Check --address (host:port of the head node, or 'auto' on a node of the cluster).",
    "sweep.out_unwritable": "Cannot create the sweep folder under {path}: {error}. Choose another with --out.",
    "sweep.not_a_sweep": "{path} is not a sweep folder: it has no {name}. Give a folder that `fourfold sweep` made.",
    "sweep.damaged": "{path} is damaged: {problem}. The trials' run folders beside it are intact (each a normal run folder: `fourfold compare` takes them); to run the sweep again, start it anew with `fourfold sweep`.",
    "sweep.started": "Sweep of {recipe}: {count} trial(s) in {path}",
    "sweep.skipped": "{count} trial(s) already complete: skipped.",
    "sweep.trial_done": "Trial {number}/{count} ({settings}): validation {name} {validation}, test {name} {value}",
    "sweep.trial_failed": "Trial {number}/{count} ({settings}) {status}: {error}",
    "sweep.interrupted": "Sweep interrupted; finished trials are kept. Resume it with: {command}",
    "sweep.table.title": "Sweep of {recipe}, best first",
    "sweep.best": "Best by validation: trial {number} ({settings}): validation {name} {validation}, test {name} {value}",
    "sweep.within_noise": "Within one standard error of trial {number}'s validation loss ({loss}): trial {trials}. On these validation rows their order is noise: the simpler or cheaper one is as good a choice.",
    "sweep.folder": "Sweep folder: {path}",
    "sweep.page": "Results page: {path}",
    "sweep.column.rank": "rank",
    "sweep.column.trial": "trial",
    "sweep.column.validation": "validation {metric}",
    "sweep.column.validation_loss": "validation loss ± SE",
    "sweep.column.test": "test {metric}",
    "sweep.column.status": "status",
    "sweep.status.pending": "pending",
    "sweep.status.running": "running",
    "sweep.status.complete": "complete",
    "sweep.status.failed": "failed",
    "sweep.status.interrupted": "interrupted",
    "sweep.page.title": "Sweep of {recipe}",
    "sweep.page.results": "Results of {count} trial(s) of {recipe}",
    "sweep.page.caption": "Trials ranked by validation {metric} (the rows that chose each run's epoch: the test set reports, it never chooses), best first; K-fold trials show the folds' mean ± standard deviation on the test set. Each trial is a run folder with its own report (linked).",
    "help.examples.sweep": (
        "fourfold sweep boston --grid preprocess.scaler=standard,minmax,robust,none --kfold 3\n"
        "fourfold sweep fashion-mnist --grid 'model.hidden_units=[64,32];[128,128,32]' --jobs 2\n"
        "fourfold sweep boston --grid training.learning_rate=0.01,0.001 --executor ray --address auto\n"
        "fourfold sweep mnist --grid 'model.dropout=0,0.1,0.2' --search optuna --trials 2\n"
        "fourfold sweep --resume sweeps/boston-sweep-20260101T120000Z"),
}

SWEEP_HELP = {
    "help.command.sweep": (
        "Run RECIPE once per combination of the --grid values (or Optuna's samples of it), each "
        "trial a run folder under one sweep folder; print the results best first and write a "
        "page comparing the trials (or finish a sweep with --resume SWEEP_DIR)."),
    "help.short.sweep": "Run a recipe over a grid of settings and rank the trials.",
    "help.param.sweep.recipe": "A built-in recipe name or a YAML recipe file.",
    "help.param.sweep.grid": (
        "A recipe key and its values: --grid preprocess.scaler=standard,minmax; values with "
        "commas are separated by ';' (repeatable: every combination is a trial)."),
    "help.param.sweep.kfold": "K-fold cross-validation in every trial (results as mean ± std).",
    "help.param.sweep.out": "Where the sweep folder is created.",
    "help.param.sweep.jobs": "Trials at once (local: processes; ray: CPUs of a cluster started here).",
    "help.param.sweep.executor": "Run trials here (local) or as Ray tasks (ray, pip install 'fourfold[ray]').",
    "help.param.sweep.address": "The Ray cluster to join (host:port or auto); else one is started here.",
    "help.param.sweep.search": "Every combination (grid) or --trials N sampled by Optuna (optuna).",
    "help.param.sweep.trials": "How many trials --search optuna samples.",
    "help.param.sweep.resume": "Finish an interrupted sweep folder: complete trials are skipped.",
    "help.param.sweep.overrides": "Override a recipe field in every trial: --set training.epochs=5 (repeatable).",
}
