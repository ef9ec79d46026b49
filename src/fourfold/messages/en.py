"""English messages: the reference catalogue every other language follows."""

from fourfold.messages.en_api import API
from fourfold.messages.en_data import DATA
from fourfold.messages.en_explain import EXPLAIN
from fourfold.messages.en_folders import FOLDERS
from fourfold.messages.en_folds import FOLDS
from fourfold.messages.en_kinds import KINDS_TEXT
from fourfold.messages.en_report import REPORT
from fourfold.messages.en_tables import TABLES
from fourfold.messages.en_tasks import TASKS_TEXT
from fourfold.messages.en_resume import RESUME
from fourfold.messages.en_inputs import INPUTS
from fourfold.messages.en_decode import DECODE
from fourfold.messages.en_refuse import REFUSE
from fourfold.messages.en_compare import COMPARE
from fourfold.messages.en_damage import DAMAGE
from fourfold.messages.en_lock import LOCK
from fourfold.messages.en_help import HELP
from fourfold.messages.en_listing import LISTING
from fourfold.messages.en_options import OPTIONS
from fourfold.messages.en_sweep import SWEEP, SWEEP_HELP
from fourfold.messages.en_usage import USAGE

CORE = {
    # recipes
    "recipe.needs_images": "model {name} flips, shifts or convolves images, but its inputs are rows of {shape} values (a table, or images flattened); use image data with preprocess.flatten: false, or remove augmentation and kind: cnn",
    "recipe.data_parallel_backend": "training.data_parallel: on needs the JAX backend (Keras' distribution API), and this run uses {backend}; set backend: jax or training.data_parallel: auto",
    "recipe.batch_per_device": "training.batch_size {batch_size} does not split evenly across the {devices} devices this run trains on in parallel (training.data_parallel); use a multiple of {devices}, or training.data_parallel: off",
    "recipe.unknown": "Unknown recipe '{name}'. Built-in recipes: {names}; or give the path of a YAML recipe.",
    "recipe.source.builtin": "built-in recipe {name}",
    "recipe.missing_file": "Recipe file {path} does not exist. Built-in recipes: {names}.",
    "recipe.bad_yaml": "{source} is not valid YAML: {error}",
    "recipe.not_mapping": "{source} must be a YAML mapping of recipe fields (name, task, dataset, ...).",
    "recipe.streamed_scaler": "Photos are streamed from their files, so preprocess can only use scaler {allowed}, without mean_channel or downsample (these need all training images in memory at once); found scaler {scaler}. Change the recipe's preprocess section; set the photo size with dataset.image_size.",
    "recipe.no_published_split": "split.method published takes the data set's own validation rows, and this data set has none. Use split.method train_test_split (or give dataset.images.validation).",
    "recipe.unknown_group_labels": "evaluation.label_groups.{group} names {unknown}, which the data set does not have. Its labels: {labels}.",
    "recipe.no_label_groups": "evaluation.decoding groups needs label groups, and data set {dataset} declares none. Name them in evaluation.label_groups (e.g. colour: [black, blue], type: [dress, shirt]) or use decoding tuned.",
    "recipe.bad_set": "--set {override!r} must look like key.path=value, for example --set training.epochs=5.",
    "recipe.bad_set_value": "--set {override!r}: the value is not valid YAML: {error}",
    "recipe.bad_index": "--set {key}: '{part}' is not an index of a list of {size} item(s).",
    "recipe.not_section": "--set {key}: '{part}' in {source} is a value, not a section with keys.",
    "recipe.unknown_key": "{source}: unknown key '{key}'. Allowed here: {allowed}.",
    "recipe.missing_key": "{source}: required key '{key}' is missing.",
    "recipe.bad_value": "{source}: '{key}' {problem}; got {value}.",
    # run
    "run.summary.title": "Run complete: {recipe}",
    "run.summary.metric": "Test {name}: {value}",
    "run.summary.textbook": "(textbook: {value})",
    "run.summary.baseline": "Baseline ({name}): {value}",
    "baseline.majority_class": "majority class",
    "baseline.constant_prior": "constant prior",
    "baseline.training_mean": "training mean",
    "baseline.all_labels_off": "all labels off",
    "run.summary.best_epoch": "Best epoch {best} of {epochs}; weights of that epoch saved.",
    "run.summary.folder": "Run folder: {path}",
    "run.summary.kept.lowest_loss": "Kept model: {name} (lowest validation loss); predict uses it.",
    "run.summary.kept.one_standard_error": "Kept model: {name} (the smallest whose validation loss is within one standard error of the lowest); predict uses it.",
    "run.summary.report": "Report: {path}",
    "run.summary.devices": "Trained data-parallel on {count} devices: {devices}.",
    "run.summary.time": "Wall time {seconds:.1f} s (fit {fit:.1f} s).",
    "run.failed": "Run failed; its folder {path} is marked failed.",
    "run.nan_loss": "Training stopped at epoch {epoch}: the loss became {value}. Lower training.learning_rate or check the inputs for NaN/inf and their scale.",
    "run.backend_missing": "Keras backend '{backend}' is not installed ({error}). Install it or choose another with KERAS_BACKEND or the recipe's backend field.",
    "run.output_unwritable": "Cannot write to the output folder {path}: {error}. Choose another with --out.",
    'run.recipe_or_resume': 'Give a RECIPE to start a run, or --resume RUN_DIR to continue one (not both).',
    'run.resume_no_overrides': '--resume continues a run with its own config.yaml; --epochs, --batch-size, --seed, --kfold and --set cannot change it. Start a new run instead.',
    "run.nothing_to_submit": "--submit-to: data set {dataset} has no unlabelled test file to predict (for iceberg: put test.json beside train.json).",
    "run.submission_written": "Submission for {count} test rows written to {path}.",
    "run.fold_done": "Fold {fold} done: test {name} {value}, best epoch {best}.",
    "run.folds.title": "{k}-fold cross-validation (held-out fold and test set)",
    # curves
    "curve.onset": "Validation loss was lowest at epoch {best} ({value:.4f}) and rose afterwards while training loss kept falling: the model starts to overfit after epoch {best}; the weights of epoch {best} are kept.",
    "curve.no_onset": "Validation loss was still at or near its lowest at the last epoch ({best} of {epochs}): no overfitting within {epochs} epochs; more epochs may help.",
    "curve.flat": "Validation loss was lowest at epoch {best} ({value:.4f}) but neither rose clearly nor left the training loss behind afterwards: no clear overfitting; the weights of epoch {best} are kept.",
    # predict
    "predict.no_model": "{path} holds no trained model ({name} is missing). Give the folder of a complete run (see `fourfold runs`).",
    "predict.bad_model": "{path} cannot be loaded as a Keras model in safe mode (no code in a model file is ever run): {error}",
    "predict.not_complete": "Run {path} is {status}, not complete; its model may be missing or from an unfinished epoch. Choose another run.",
    "predict.unsupported_input": "{path}: cannot read this kind of file for a {kind} model; expected {expected}.",
    "predict.bad_shape": "{path}: expected inputs of shape {expected}, got {received}.",
    "predict.inverted": "{path}: light background detected; colours inverted to match the training images (white on black).",
    "predict.top": "{path}: {label} ({probability:.1%})",
    "predict.top_k": "  top {k}: {items}",
    "predict.empty_folder": "{path}: the folder holds no image files (PNG, JPEG, ...).",
    "predict.labels": "{path}: {labels}",
    "predict.no_labels": "(no label)",
    "predict.label_scores": "  {items}",
    "predict.written": "Predictions for {count} input(s) written to {path}.",
    # run-folder records (runs/records.py): a file that cannot be opened
    "records.damaged": "{path} is damaged: {problem}. Neither `fourfold report` nor `fourfold predict` can repair it; rerun the run (`fourfold run {config}`).",
    "records.older": "{path} was made by an older fourfold (schema {found}) and lacks what this one needs: {problem}. Neither `fourfold report` nor `fourfold predict` can repair it; rerun the run (`fourfold run {config}`).",
    "records.newer": "{path} was made by a newer fourfold (schema {found}; this one reads schema {supported} and older). Upgrade fourfold (`pip install -U fourfold`) to open it.",
    "records.problem.json": "it cannot be read as JSON ({error})",
    "records.problem.object": "it must hold a JSON object; found {found}",
    "records.problem.schema": "its 'schema' must be a whole number from 1 up; found {found}",
    "records.problem.missing": "'{field}' is missing",
    "records.problem.unknown": "'{field}' is not a key of this file",
    "records.problem.value": "'{field}': {error}; found {found}",
    "records.no_metrics": "{path} has no {name}: the run may be incomplete (still running, interrupted or failed). Check its {status}, or resume it with `fourfold run --resume {path}`.",
    "records.member_outside": "{path}: member dir {dir} points outside the run folder; expected a path such as 'models/<name>' or '.'.",
    # report / compare / runs / datasets
    "report.written": "Report written to {path}",
    "compare.need_two": "Give at least two run folders to compare.",
    "runs.empty": "No runs yet. Start one with `fourfold run mnist`.",
    "runs.header": "Past runs (newest first)",
    "cli.error_prefix": "error",
    "cli.debug_hint": "(run again with --debug to see the traceback)",
    "cli.interrupted": "Interrupted.",
    "cli.no_such_command": "No such command '{name}'. Commands: {commands}.",
    "cli.did_you_mean": " Did you mean '{suggestion}'?",
    "cli.run_dir.missing": "{path} does not exist. Give a run folder that `fourfold run` made (`fourfold runs` lists them).",
    "cli.run_dir.file": "{path} is a file, not a run folder. Give a run folder that `fourfold run` made (`fourfold runs` lists them).",
    "cli.run_dir.holds_runs": "{path} is not a run folder: it holds {count} run folder(s). Give one of them, for example {newest} (the newest).",
    "cli.run_dir.not_a_run": "{path} is not a run folder: it has no status.json. Give a run folder that `fourfold run` made (`fourfold runs` lists them).",
}

MESSAGES = {**CORE, **DATA, **REPORT, **TABLES, **FOLDERS, **KINDS_TEXT, **API, **TASKS_TEXT,
            **RESUME, **INPUTS, **DECODE, **REFUSE, **DAMAGE, **COMPARE, **LOCK,
            **EXPLAIN, **FOLDS, **HELP, **LISTING, **OPTIONS, **SWEEP, **SWEEP_HELP, **USAGE}
