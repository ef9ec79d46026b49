"""Reading and writing the records of :mod:`fourfold.runs.records`: each JSON file of a
run folder is a :class:`RecordFile` (``RUN_METRICS_FILE``, ``MEMBER_METRICS_FILE``,
``MEMBER_BACKUP_FILE``, ``PREPROCESS_FILE``, ``STATUS_FILE``, at the end), whose
``write`` is the file's one writer and ``read`` its one reader.

A reader fills in the keys a file may leave out, then validates. A file of a
newer schema, or one that does not validate, is refused with a
:class:`~fourfold.errors.RunFolderError` that names the file, says whether a
newer or an older fourfold made it or that it is damaged, and what to do. A
damaged file (one that does not read back as fourfold wrote it: cut off, garbage,
or JSON of another shape) is a :class:`DamagedFile`, exit code 3, whose message
names the file and the way out for that file (:func:`damaged`).
Writers replace files atomically (:func:`layout.write_atomic`).

Example:
    >>> record = RUN_METRICS_FILE.read(Path("runs/mnist-20261128T010203Z"))  # doctest: +SKIP
    >>> record.headline.name, record.headline.value  # doctest: +SKIP
    ('accuracy', 0.9703)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from pydantic import ValidationError

from fourfold.errors import EXIT_DATA, RunFolderError
from fourfold.messages import text
from fourfold.runs import layout
from fourfold.runs.records import (SCHEMA, JsonRecord, MemberMetrics, PreprocessRecord,
                                   RunMetrics, StatusRecord)

Record = TypeVar("Record", bound=JsonRecord)


class DamagedFile(RunFolderError):
    """A file fourfold wrote that does not read back as it was written. Exit code 3:
    bad data, named with the way out.

    Attributes:
        path: the damaged file.
        problem: what is wrong with it, one clause.
    """

    exit_code = EXIT_DATA

    def __init__(self, path: Path, message: str, problem: str = ""):
        super().__init__(message)
        self.path = Path(path)
        self.problem = problem


#: The way out of a damaged file, by its name (``damage.way_out.<key>``); any other
#: file of a run folder can only be made again by rerunning the run.
_WAY_OUT = {
    layout.STATUS: "status",
    layout.CONFIG: "config",
    layout.HISTORY: "section",
    layout.PREDICTIONS: "section",
    layout.SAMPLES: "section",
    layout.MODEL: "model",
}
#: Fills in the keys a file may leave out; ``(data, path, schema found) -> data``.
Completion = Callable[[dict, Path, int], dict]


@dataclass(frozen=True)
class RecordFile(Generic[Record]):
    """One JSON file of a run folder, with its record: its one writer and its one reader.

    Attributes:
        name: the file's path within its folder (the run folder or a member folder).
        record: its record type.
        complete: fills in the keys a file may leave out, before validation.
        indent: the JSON indentation; `None` writes one line. Defaults to `2`.
    """

    name: str
    record: type[Record]
    complete: Completion
    indent: int | None = 2

    def write(self, folder: Path, record: Record) -> None:
        """Write ``record`` into ``folder``, atomically."""
        layout.write_atomic(Path(folder) / self.name,
                            json.dumps(record.to_dict(), indent=self.indent) + "\n")

    def read(self, folder: Path) -> Record | None:
        """The file in ``folder``, validated (and migrated from an older schema); `None`
        when there is none.

        Raises:
            RunFolderError: the file is damaged, or made by a newer fourfold, or by an
                older one and lacking what this one needs.
        """
        return _read(Path(folder) / self.name, self.record, self.complete)


def incomplete_file_error(path: Path, record: JsonRecord, field: str) -> RunFolderError:
    """The error for ``record``, read from ``path``, lacking ``field`` that the caller needs
    (only an older fourfold's files may lack it; a current file without it is damaged)."""
    problem = text("records.problem.missing", field=field)
    found = record.schema_as_read or SCHEMA
    return _older(path, found, problem) if found < SCHEMA else damaged(path, problem)


def read_json_object(path: Path, damaged_by=None) -> dict | None:
    """``path`` read as one JSON object; `None` when there is no such file.

    Args:
        path: the file.
        damaged_by: makes the error for ``(path, problem)``. Defaults to
            :func:`damaged` (a run folder's file).

    Raises:
        DamagedFile: the file cannot be read, is empty, is not JSON or not an object.
    """
    damaged_by = damaged_by or damaged
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise damaged_by(path, text("records.problem.json", error=error)) from error
    if not content.strip():
        raise damaged_by(path, text("damage.problem.empty"))
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise damaged_by(path, text("records.problem.json", error=error)) from error
    if not isinstance(data, dict):
        raise damaged_by(path, text("records.problem.object", found=type(data).__name__))
    return data


def _read(path: Path, record: type[Record], complete: Completion) -> Record | None:
    """Parse, migrate and validate ``path`` as ``record``."""
    data = read_json_object(path)
    if data is None:
        return None
    found = data.get("schema", 1)  # status.json had no schema before schema 2
    if isinstance(found, bool) or not isinstance(found, int) or found < 1:
        raise damaged(path, text("records.problem.schema", found=repr(found)))
    if found > SCHEMA:
        raise RunFolderError(text("records.newer", path=path, found=found, supported=SCHEMA))
    data = {**complete(data, path, found), "schema": SCHEMA}
    try:
        result = record.model_validate(data)
    except ValidationError as error:
        problem = _first_problem(error)
        raise (_older(path, found, problem) if found < SCHEMA else damaged(path, problem)
               ) from None
    result.schema_as_read = found
    return result


def _older(path: Path, found: int, problem: str) -> RunFolderError:
    return RunFolderError(text("records.older", path=path, found=found, problem=problem,
                               config=_config_of(path)))


def damaged(path: Path, problem: str) -> DamagedFile:
    """The error for ``path``, a file of a run folder that is damaged by ``problem``: it
    names the file, what is wrong and the way out for that file (rebuild the report
    without it, train again...).

    Args:
        path: the damaged file.
        problem: what is wrong, one clause (``"it is empty"``).
    """
    run_dir = _run_dir_of(path)
    way_out = text(f"damage.way_out.{_WAY_OUT.get(Path(path).name, 'rerun')}",
                   config=run_dir / layout.CONFIG, run=run_dir)
    return DamagedFile(path, text("damage.file", path=path, problem=problem, way_out=way_out),
                       problem)



def _first_problem(error: ValidationError) -> str:
    """The first thing wrong, with the key's dotted path (``curve.best_epoch``)."""
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"]) or "(top level)"
    if problem["type"] == "missing":
        return text("records.problem.missing", field=field)
    if problem["type"] == "extra_forbidden":
        return text("records.problem.unknown", field=field)
    found = repr(problem.get("input"))
    return text("records.problem.value", field=field, error=problem["msg"],
                found=found if len(found) <= 60 else found[:57] + "...")


def _config_of(path: Path) -> Path:
    """The ``config.yaml`` of the run folder that holds ``path`` (for "rerun it")."""
    return _run_dir_of(path) / layout.CONFIG


def _run_dir_of(path: Path) -> Path:
    """The run folder that holds ``path``: the nearest folder above it with a
    ``config.yaml`` or a ``status.json`` (a member's files lie two folders down)."""
    path = Path(path)
    for folder in [path.parent, *path.parent.parents][:4]:
        if (folder / layout.CONFIG).is_file() or (folder / layout.STATUS).is_file():
            return folder
    return path.parent


# A file may leave out the keys whose value can be unknown: schema 1 grew keys over
# its life (``parameters``, ``label_groups``, ``model_selection``,
# ``data.train_class_counts``...), and the report reads what it can of a
# hand-made folder. A key left out reads as unknown (`None`), or as the only
# choice there was before it existed. Writers always write every key.

_METRICS_OPTIONAL: dict[str, Any] = {
    "dataset": None, "model": None, "parameters": None, "class_names": [],
    "label_groups": None, "data": None, "test": {}, "validation": {}, "baseline": {},
    "curve": None, "timings": None, "seed": None,
}


def _complete_metrics(data: dict, path: Path, found: int) -> dict:
    data = {**_METRICS_OPTIONAL, **data}
    if isinstance(data["data"], dict):
        data["data"] = {"source": None, "notes": [], "train_class_counts": None, **data["data"]}
    if isinstance(data["timings"], dict):
        data["timings"] = {"evaluate_seconds": None, **data["timings"]}
    if "headline" in data:
        data["headline"] = _complete_headline(data["headline"])
    return data


def _complete_run_metrics(data: dict, path: Path, found: int) -> dict:
    data = _complete_metrics(data, path, found)
    if "members" not in data:  # one model, listed as itself
        data["members"] = [{"name": data["model"] or path.parent.name, "dir": ".",
                            "headline": data.get("headline"), "curve": data["curve"],
                            "parameters": data["parameters"]}]
    members = data["members"]
    if isinstance(members, list):
        data["members"] = [
            {"dir": ".", "headline": None, "curve": None, "parameters": None, **member,
             **({"headline": _complete_headline(member.get("headline"))}
                if member.get("headline") is not None else {})}
            if isinstance(member, dict) else member for member in members]
        if members and isinstance(members[0], dict):
            data.setdefault("primary", members[0].get("name"))
    data.setdefault("model_selection", "lowest_loss")
    return data


def _complete_headline(headline: Any) -> Any:
    return {"textbook": None, **headline} if isinstance(headline, dict) else headline


def _complete_preprocess(data: dict, path: Path, found: int) -> dict:
    data = {"recipe": None, "input": None, "scaler": None, "side": None, "decoding": None,
            "probability_clip": 1e-15, **data}
    if found == 1:  # always null; multi-label thresholds moved into ``decoding``
        data.pop("thresholds", None)
    if isinstance(data["input"], dict):
        data["input"] = {"dtype": None, "background": None, "image_column": None,
                         "feature_names": None, "target_names": None, **data["input"]}
    return data


def _complete_status(data: dict, path: Path, found: int) -> dict:
    return {"updated": None, "pid": None, "host": None, "error": None, "backend": None,
            "jobs": None, "data_dir": None, **data}


#: The run's top-level ``metrics.json``.
RUN_METRICS_FILE = RecordFile(layout.METRICS, RunMetrics, _complete_run_metrics)
#: A member folder's ``metrics.json`` (``models/<name>/``, ``folds/fold-<k>/``).
MEMBER_METRICS_FILE = RecordFile(layout.METRICS, MemberMetrics, _complete_metrics)
#: ``backup/member.json``: a finished member's metrics, which ``--resume`` reuses
#: instead of training it again; one line. A complete run deletes ``backup/``.
MEMBER_BACKUP_FILE = RecordFile(f"{layout.BACKUP}/member.json", MemberMetrics,
                                _complete_metrics, indent=None)
#: A member folder's ``preprocess.json``.
PREPROCESS_FILE = RecordFile(layout.PREPROCESS, PreprocessRecord, _complete_preprocess)
#: The run's ``status.json``.
STATUS_FILE = RecordFile(layout.STATUS, StatusRecord, _complete_status)
