"""The run folder's records: round trips, schema-1 files, refused files, and the docs.

``schema1/<commit>/<run>/`` holds the JSON files of run folders that fourfold wrote
at commit 0fbb006 and at bf5b782 (the last to write schema 1): ``mnist`` and
``fashion-mnist`` (two models) after 1 epoch, ``boston`` after 2 and
``boston-kfold`` (``--kfold 3``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from fourfold.errors import RunFolderError
from fourfold.messages import set_language
from fourfold.reporting import build_report
from fourfold.reporting.reading import read_run
from fourfold.runs import layout
from fourfold.runs import status as run_status
from fourfold.runs.record_files import (MEMBER_BACKUP_FILE, MEMBER_METRICS_FILE, PREPROCESS_FILE,
                                        RUN_METRICS_FILE, STATUS_FILE)
from fourfold.runs.records import (SCHEMA, Baseline, FoldStatistics, InputRecord, JsonRecord,
                                   KFold, MemberMetrics, PreprocessRecord, RunMetrics,
                                   StatusRecord, fold_statistics)

SCHEMA1 = Path(__file__).parent / "schema1"
DOCS = Path(__file__).parents[2] / "docs" / "run-folder.md"
RUNS = ("mnist", "fashion-mnist", "boston", "boston-kfold")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _old_run(tmp_path: Path, commit: str, name: str) -> Path:
    run_dir = tmp_path / name
    shutil.copytree(SCHEMA1 / commit / name, run_dir)
    return run_dir


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _holds(new, old) -> bool:
    """Whether ``new`` has every key of ``old`` (at any depth) with the same value."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(key in new and _holds(new[key], value)
                                             for key, value in old.items())
    if isinstance(old, list):
        return (isinstance(new, list) and len(new) == len(old)
                and all(_holds(a, b) for a, b in zip(new, old)))
    return new == old


def _preprocess() -> PreprocessRecord:
    return PreprocessRecord(
        recipe="mnist", task="multiclass", class_names=["0", "1"],
        input=InputRecord(kind="image", shape=[28, 28], dtype="uint8", background="dark",
                          image_column=None, feature_names=None, target_names=None),
        scaler={"kind": "pixels", "flatten": True}, side=None, decoding=None,
        probability_clip=1e-15)


# Round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", RUNS)
def test_run_metrics_round_trip(tmp_path, name):
    record = RUN_METRICS_FILE.read(_old_run(tmp_path, "bf5b782", name))
    RUN_METRICS_FILE.write(tmp_path, record)
    again = RUN_METRICS_FILE.read(tmp_path)
    assert again.to_dict() == record.to_dict() and again.schema_version == SCHEMA == 2
    assert _json(tmp_path / layout.METRICS)["schema"] == 2


def test_member_metrics_and_backup_round_trip(tmp_path):
    member = MEMBER_METRICS_FILE.read(
        SCHEMA1 / "bf5b782" / "fashion-mnist" / layout.MODELS / "dense-64-32")
    MEMBER_METRICS_FILE.write(tmp_path, member)
    MEMBER_BACKUP_FILE.write(tmp_path, member)
    assert MEMBER_METRICS_FILE.read(tmp_path).to_dict() == member.to_dict()
    assert MEMBER_BACKUP_FILE.read(tmp_path).to_dict() == member.to_dict()
    backup = (tmp_path / layout.BACKUP / "member.json").read_text(encoding="utf-8")
    assert backup.count("\n") == 1  # one line, as before


def test_preprocess_and_status_round_trip(tmp_path):
    PREPROCESS_FILE.write(tmp_path, _preprocess())
    assert PREPROCESS_FILE.read(tmp_path).to_dict() == _preprocess().to_dict()
    written = run_status.write_status(tmp_path, run_status.RUNNING, backend="jax", jobs=2,
                                      error=None, data_dir=None)
    assert STATUS_FILE.read(tmp_path).to_dict() == written.to_dict()
    run_status.write_status(tmp_path, run_status.FAILED, error="boom")
    record = STATUS_FILE.read(tmp_path)
    assert (record.status, record.error, record.backend, record.jobs) == ("failed", "boom",
                                                                          "jax", 2)
    assert record.started == written.started and record.schema_version == 2


def test_missing_files_read_as_none(tmp_path):
    assert RUN_METRICS_FILE.read(tmp_path) is None and MEMBER_METRICS_FILE.read(tmp_path) is None
    assert PREPROCESS_FILE.read(tmp_path) is None and STATUS_FILE.read(tmp_path) is None
    assert MEMBER_BACKUP_FILE.read(tmp_path) is None


def test_writers_refuse_a_key_no_reader_knows():
    with pytest.raises(ValueError, match="train_class_count"):
        _preprocess().model_validate({**_preprocess().to_dict(), "train_class_count": []})


# Schema 1 ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RUNS)
def test_the_last_schema_1_files_are_written_again_unchanged_but_for_the_schema(tmp_path, name):
    """bf5b782 wrote schema 1 last: schema 2 keeps every key and value, and the key order."""
    run_dir = _old_run(tmp_path, "bf5b782", name)
    pairs = [(run_dir / layout.METRICS, RUN_METRICS_FILE.read(run_dir))]
    for folder in [run_dir, *sorted((run_dir / layout.MODELS).glob("*")),
                   *sorted((run_dir / layout.FOLDS).glob("*"))]:
        if folder != run_dir:
            pairs.append((folder / layout.METRICS, MEMBER_METRICS_FILE.read(folder)))
        pairs.append((folder / layout.PREPROCESS, PREPROCESS_FILE.read(folder)))
    for path, record in [pair for pair in pairs if pair[1] is not None]:
        old = path.read_text(encoding="utf-8")
        assert record.schema_as_read == 1
        assert json.dumps(record.to_dict(), indent=2) + "\n" == old.replace(
            '"schema": 1,', '"schema": 2,', 1), path
    status = STATUS_FILE.read(run_dir)
    assert status.to_dict() == {"schema": 2, **_json(run_dir / layout.STATUS)}


@pytest.mark.parametrize("name", RUNS)
def test_run_folders_of_0fbb006_open(tmp_path, name):
    """Before ``parameters``, ``model_selection`` and ``data.train_class_counts``."""
    run_dir = _old_run(tmp_path, "0fbb006", name)
    old = _json(run_dir / layout.METRICS)
    assert "model_selection" not in old and "train_class_counts" not in old["data"]
    record = RUN_METRICS_FILE.read(run_dir)
    assert record.schema_as_read == 1 and record.model_selection == "lowest_loss"
    assert record.parameters is None and record.data.train_class_counts is None
    assert _holds(record.to_dict(), {**old, "schema": 2})  # every old key, with its value
    run = read_run(run_dir)
    assert run.status == "complete" and run.primary.preprocess_record.input.kind in (
        "image", "frame", "table")
    assert run.members[0].summary.curve.best_epoch >= 1
    page = build_report(run_dir).read_text(encoding="utf-8")
    assert f"run folder {run_dir.name} alone" in page and "not complete" not in page


def test_old_kfold_run_keeps_its_fold_table(tmp_path):
    record = RUN_METRICS_FILE.read(_old_run(tmp_path, "0fbb006", "boston-kfold"))
    assert [fold.fold for fold in record.kfold.folds] == [1, 2, 3]
    assert record.kfold.textbook_mean == pytest.approx(2.05)
    assert record.headline.aggregate == "mean over 3 folds"


def test_a_schema_1_status_without_schema_reads(tmp_path):
    (tmp_path / layout.STATUS).write_text(json.dumps(
        {"started": "2026-01-01T00:00:00+00:00", "status": "complete",
         "updated": "2026-01-01T00:01:00+00:00", "pid": 1, "host": "elsewhere"}))
    record = STATUS_FILE.read(tmp_path)
    assert record.schema_as_read == 1 and record.backend is None
    assert run_status.read_status(tmp_path) == "complete"


def test_schema_1_preprocess_drops_the_old_thresholds(tmp_path):
    old = {key: value for key, value in _preprocess().to_dict().items()
           if key not in ("side", "decoding", "probability_clip")}
    (tmp_path / layout.PREPROCESS).write_text(json.dumps({**old, "schema": 1,
                                                          "thresholds": None}))
    record = PREPROCESS_FILE.read(tmp_path)
    assert record.probability_clip == 1e-15 and record.decoding is None


# Refused files -------------------------------------------------------------------------


def test_a_newer_file_is_refused(tmp_path):
    path = tmp_path / layout.METRICS
    path.write_text(json.dumps({"schema": 3, "recipe": "mnist"}))
    with pytest.raises(RunFolderError) as caught:
        RUN_METRICS_FILE.read(tmp_path)
    assert str(caught.value) == (
        f"{path} was made by a newer fourfold (schema 3; this one reads schema 2 and older). "
        "Upgrade fourfold (`pip install -U fourfold`) to open it.")


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "it cannot be read as JSON (Expecting property name enclosed in double "
                  "quotes: line 1 column 2 (char 1))"),
    ("[1, 2]", "it must hold a JSON object; found list"),
    ('{"schema": "2"}', "its 'schema' must be a whole number from 1 up; found '2'"),
])
def test_a_damaged_file_is_named_with_what_to_do(tmp_path, content, problem):
    (tmp_path / layout.CONFIG).write_text("name: mnist\n")
    path = tmp_path / layout.PREPROCESS
    path.write_text(content)
    with pytest.raises(RunFolderError) as caught:
        PREPROCESS_FILE.read(tmp_path)
    assert str(caught.value) == (
        f"{path} is damaged: {problem}. Neither `fourfold report` nor `fourfold predict` can "
        f"repair it; rerun the run (`fourfold run {tmp_path / layout.CONFIG}`).")


@pytest.mark.parametrize(("change", "problem"), [
    ({"headline": {"name": "accuracy"}}, "'headline.value' is missing"),
    ({"curve": {"best_epoch": "ten"}}, "'curve.monitor' is missing"),
    ({"train_class_count": [1]}, "'train_class_count' is not a key of this file"),
    ({"parameters": "many"}, "'parameters': Input should be a valid integer, unable to parse "
                             "string as an integer; found 'many'"),
])
def test_a_current_file_that_does_not_validate_is_damaged(tmp_path, change, problem):
    run_dir = _old_run(tmp_path, "bf5b782", "mnist")
    path = run_dir / layout.METRICS
    path.write_text(json.dumps({**_json(path), "schema": 2, **change}))
    with pytest.raises(RunFolderError) as caught:
        read_run(run_dir)
    assert str(caught.value) == (
        f"{path} is damaged: {problem}. Neither `fourfold report` nor `fourfold predict` can "
        f"repair it; rerun the run (`fourfold run {run_dir / layout.CONFIG}`).")


def test_an_old_file_that_does_not_validate_came_from_an_older_fourfold(tmp_path):
    run_dir = _old_run(tmp_path, "0fbb006", "mnist")
    path = run_dir / layout.METRICS
    path.write_text(json.dumps({key: value for key, value in _json(path).items()
                                if key != "headline"}))
    with pytest.raises(RunFolderError) as caught:
        RUN_METRICS_FILE.read(run_dir)
    assert str(caught.value) == (
        f"{path} was made by an older fourfold (schema 1) and lacks what this one needs: "
        "'headline' is missing. Neither `fourfold report` nor `fourfold predict` can repair "
        f"it; rerun the run (`fourfold run {run_dir / layout.CONFIG}`).")


def test_a_damaged_status_reads_as_failed_and_is_replaced(tmp_path):
    (tmp_path / layout.STATUS).write_text("{")
    assert run_status.read_status(tmp_path) == "failed"
    run_status.write_status(tmp_path, run_status.RUNNING)
    assert STATUS_FILE.read(tmp_path).status == "running"


def test_korean_message(tmp_path):
    (tmp_path / layout.METRICS).write_text(json.dumps({"schema": 9}))
    set_language("ko")
    with pytest.raises(RunFolderError, match="더 새로운 fourfold"):
        RUN_METRICS_FILE.read(tmp_path)


# Fold statistics -----------------------------------------------------------------------


def test_fold_statistics_are_the_mean_and_sample_std():
    mean, std = fold_statistics([2.06, 1.94, 2.15])
    assert mean == pytest.approx(2.05) and std == pytest.approx(0.105357, abs=1e-6)
    statistics = FoldStatistics.over([{"mae": 1.0, "r2": None}, {"mae": 3.0, "r2": 0.5}])
    assert statistics.mean == {"mae": 2.0} and statistics.std == pytest.approx({"mae": 1.4142},
                                                                               abs=1e-4)
    kfold = KFold(n_splits=2, stratified=False, scale="per_fold", folds=[],
                  validation=statistics, test=statistics, textbook=[2.0, 4.0])
    assert kfold.textbook_mean == 3.0
    assert kfold.model_copy(update={"textbook": None}).textbook_mean is None


def test_baseline_values_by_metric():
    baseline = Baseline(name="majority class", predicts="1", accuracy=0.1135)
    assert baseline.value("accuracy") == 0.1135 and baseline.value("mae") is None
    assert Baseline().to_dict() == {}
    with pytest.raises(ValueError, match="must be a number"):
        Baseline(name="x", accuracy="high")


# The documentation ---------------------------------------------------------------------

#: Keys whose values are free-form (their task, scaler or library owns their keys).
_FREE_FORM = {"test", "validation", "versions", "scaler", "decoding", "classification_report"}


def _blocks(heading: str) -> list[dict]:
    """The JSON example blocks of the docs' section ``heading``."""
    section = DOCS.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ")[0]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, re.S)]


def _undocumented(example: dict, record: type[JsonRecord], where: str = "") -> list[str]:
    """Keys of ``example`` that are no field of ``record`` (recursively)."""
    fields = {(info.alias or name): info for name, info in record.model_fields.items()}
    if record.model_config.get("extra") == "allow":
        return []
    wrong = []
    for key, value in example.items():
        if key not in fields:
            wrong.append(where + key)
            continue
        nested = _record_in(fields[key].annotation)
        if nested is None or key in _FREE_FORM:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and item:
                wrong += _undocumented(item, nested, f"{where}{key}.")
    return wrong


def _record_in(annotation) -> type[JsonRecord] | None:
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in list(candidates):
        candidates += getattr(candidate, "__args__", ())
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, JsonRecord)),
                None)


def _field_names(record: type[JsonRecord], where: str = "") -> list[str]:
    names = []
    for name, info in record.model_fields.items():
        key = info.alias or name
        names.append(where + key)
        nested = _record_in(info.annotation)
        if nested is not None and key not in _FREE_FORM:
            names += _field_names(nested, f"{where}{key}.")
    return names


@pytest.mark.parametrize(("heading", "record"), [
    ("metrics.json", RunMetrics), ("preprocess.json", PreprocessRecord),
    ("status.json", StatusRecord)])
def test_the_docs_examples_hold_only_fields_of_the_records(heading, record):
    examples = _blocks(heading)
    assert examples
    for example in examples:
        assert _undocumented(example, record) == []


@pytest.mark.parametrize(("heading", "record"), [
    ("metrics.json", RunMetrics), ("preprocess.json", PreprocessRecord),
    ("status.json", StatusRecord)])
def test_every_field_is_documented(heading, record):
    """Each field (``data.train``, ``kfold.folds.best_epoch``...) is in the section's
    example or named in its text as the last part of its path in backquotes."""
    section = DOCS.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1].split("\n## ")[0]
    missing = [name for name in _field_names(record)
               if f'"{name.rsplit(".", 1)[-1]}"' not in section
               and f"`{name.rsplit('.', 1)[-1]}`" not in section
               and f"`{name}`" not in section]
    assert missing == []


def test_member_metrics_are_the_run_metrics_without_the_run_fields():
    run_only = set(RunMetrics.model_fields) - set(MemberMetrics.model_fields)
    assert run_only == {"members", "primary", "model_selection", "kfold"}
