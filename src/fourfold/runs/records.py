"""Typed records of the JSON files a run writes: ``metrics.json``, ``preprocess.json``,
``status.json`` (and ``backup/member.json``, a member's metrics kept for ``--resume``).

Each file has one record here, written by one writer and read by one reader
(:mod:`fourfold.runs.record_files`), so a key cannot be read that no writer
writes. Field names are the file's keys, as docs/run-folder.md documents them.
Every record carries ``schema``, the version of its layout: :data:`SCHEMA` for
what this fourfold writes; older files are migrated when read.

Task-specific dicts (``test``, ``validation``, a scaler's parameters, a
multi-label decoding) stay free-form: their task (``fourfold/tasks/``) or scaler
owns their keys.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Sequence

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler,
                      model_serializer, model_validator)

#: The layout version written from now on; readers migrate files with a lower one.
SCHEMA = 2


class JsonRecord(BaseModel):
    """Unknown keys are refused; ``schema`` is the field ``schema_version``.

    Fields named in ``omit_when_none`` are left out of the file when they are
    `None` rather than written as ``null``: older readers test for their
    presence (``"kfold" in metrics``).
    """

    model_config = ConfigDict(extra="forbid", protected_namespaces=())
    omit_when_none: ClassVar[frozenset[str]] = frozenset()
    _schema_as_read: int | None = PrivateAttr(None)

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        for name in self.omit_when_none:
            if name in data and data[name] is None:
                del data[name]
        return data

    def to_dict(self) -> dict[str, Any]:
        """The record as the file holds it (a JSON object, keys as documented)."""
        return self.model_dump(by_alias=True)

    @property
    def schema_as_read(self) -> int | None:
        """The schema of the file this record was read from, before any migration;
        `None` for a record made in memory."""
        return self._schema_as_read

    @schema_as_read.setter
    def schema_as_read(self, schema: int) -> None:
        self._schema_as_read = schema


#: Most input features whose ranges ``data.feature_spreads`` records (a table's columns;
#: pictures keep their example rows in ``samples.npz`` instead).
SPREAD_FEATURES = 1000


class DataSummary(JsonRecord):
    """``data``: row counts, input shape and where the data came from.

    Attributes:
        train_class_counts: training rows per class (per label for multi-label),
            in ``class_names`` order; `None` for regression.
        source: where the data set was found. `None` in files that did not say.
        notes: what loading noticed (duplicates, rows left out).
        feature_spreads: for inputs fed to the network unscaled (scaler ``none``) with
            at most :data:`SPREAD_FEATURES` features, each feature's range (max - min)
            over the training rows, so the report can warn when they differ by more
            than 10x; absent otherwise.
    """

    omit_when_none = frozenset({"feature_spreads"})

    train: int
    validation: int
    train_class_counts: list[int] | None
    test: int
    input_shape: list[int]
    source: str | None
    notes: list[str]
    feature_spreads: list[float] | None = None


class Headline(JsonRecord):
    """``headline``: the one number a run is judged by.

    Attributes:
        aggregate: how a K-fold run's value was formed ("mean over 3 folds");
            absent for a single split.
        std: a K-fold run's sample standard deviation of the folds' values (the
            headline reads ``value ± std``); absent for a single split and in
            files written before it existed.
    """

    omit_when_none = frozenset({"aggregate", "std"})

    name: str
    value: float | None
    higher_is_better: bool
    textbook: float | None
    aggregate: str | None = None
    std: float | None = None


class Baseline(JsonRecord):
    """``baseline``: what a model that ignores its input scores on the test set.

    Besides ``name`` and ``predicts`` it holds one number per metric, keyed by
    the metric's name (``accuracy``, ``mae``...); see :meth:`value`. Empty when
    the test rows have no labels.
    """

    model_config = ConfigDict(extra="allow")
    omit_when_none = frozenset({"name", "predicts"})

    name: str | None = None
    predicts: str | float | None = None

    @model_validator(mode="after")
    def _metrics_are_numbers(self) -> "Baseline":
        for metric, value in (self.model_extra or {}).items():
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if value is not None and not number:
                raise ValueError(f"baseline metric {metric!r} must be a number; found {value!r}")
        return self

    def value(self, metric: str) -> float | None:
        """The baseline's score for ``metric``, or `None` when it has none."""
        return (self.model_extra or {}).get(metric)


class Curve(JsonRecord):
    """``curve``: best epoch and overfitting onset (1-based epochs, as Keras prints them).

    Attributes:
        onset_epoch: `None` when validation loss never turned up.
    """

    monitor: str
    best_epoch: int
    best_value: float
    onset_epoch: int | None
    epochs_run: int
    explanation: str


class Timings(JsonRecord):
    """``timings`` in seconds. ``load_seconds`` is added once the data set's loading is
    known, ``total_seconds`` in the run's top-level file only."""

    omit_when_none = frozenset({"load_seconds", "total_seconds"})

    fit_seconds: float
    evaluate_seconds: float | None
    load_seconds: float | None = None
    total_seconds: float | None = None


class MemberMetrics(JsonRecord):
    """A trained model's ``metrics.json`` (and ``backup/member.json``).

    Attributes:
        test: the task's test metrics (``fourfold/tasks/``); empty without labels.
        validation: the same single numbers on the validation rows, plus ``loss_se``.
        backend: the Keras backend; absent from ``backup/member.json``.
        versions: library versions; absent from ``backup/member.json``.
        devices: the devices it trained on data-parallel (``training.data_parallel``),
            e.g. ``["gpu:0", "gpu:1"]``; absent when it trained on one.
    """

    omit_when_none = frozenset({"backend", "versions", "devices"})

    schema_version: int = Field(SCHEMA, alias="schema")
    recipe: str
    task: str
    dataset: str | None
    model: str | None
    parameters: int | None
    class_names: list[str]
    label_groups: dict[str, list[str]] | None
    data: DataSummary | None
    test: dict[str, Any]
    validation: dict[str, Any]
    headline: Headline
    baseline: Baseline
    curve: Curve | None
    timings: Timings | None
    seed: int | None
    backend: str | None = None
    versions: dict[str, str] | None = None
    devices: list[str] | None = None


class MemberSummary(JsonRecord):
    """One entry of the top-level ``members``: a model and where its files are.

    Attributes:
        dir: the member's folder relative to the run folder (``"."`` for the run
            folder itself, ``models/<name>``, ``folds/fold-<k>``).
    """

    name: str
    dir: str
    headline: Headline | None
    curve: Curve | None
    parameters: int | None


class FoldRow(JsonRecord):
    """One fold of ``kfold.folds``: ``validation`` is its held-out fold."""

    fold: int
    best_epoch: int
    validation: dict[str, Any]
    test: dict[str, Any]


class FoldStatistics(JsonRecord):
    """Mean and sample standard deviation over the folds, per metric."""

    mean: dict[str, float]
    std: dict[str, float]

    @classmethod
    def over(cls, per_fold: Sequence[dict[str, Any]]) -> "FoldStatistics":
        """Statistics of every metric that every fold has a number for."""
        names = [name for name in (per_fold[0] if per_fold else {})
                 if all(row.get(name) is not None for row in per_fold)]
        pairs = {name: fold_statistics([row[name] for row in per_fold]) for name in names}
        return cls(mean={name: mean for name, (mean, _) in pairs.items()},
                   std={name: std for name, (_, std) in pairs.items()})


class SplitSizes(JsonRecord):
    """Rows a model was fit on (``train``) and validated on (``validation``)."""

    train: int
    validation: int


class FoldSizes(JsonRecord):
    """One fold's rows: ``train`` the folds it was fit on, ``validation`` its held-out fold."""

    fold: int
    train: int
    validation: int


class KFoldSizes(JsonRecord):
    """``kfold.sizes``: the whole data's row counts and each fold's.

    Attributes:
        train: every training row (each is held out by exactly one fold).
        test: the test rows every fold, and the final model, is scored on.
        folds: each fold's training and held-out rows.
        refit: the refit model's training and validation rows (``kfold.final:
            refit``); `None` (left out) for an ensemble.
    """

    omit_when_none = frozenset({"refit"})

    train: int
    test: int
    folds: list[FoldSizes]
    refit: SplitSizes | None = None


#: What a K-fold run's model is (``kfold.final``): the average of the folds' outputs,
#: or one more model trained on the training rows after the folds.
FINAL_MODELS = ("ensemble", "refit")


class KFold(JsonRecord):
    """``kfold``: a K-fold run's folds, their statistics, the textbook's fold figures,
    and the run's final model.

    No fold is "the" model of a K-fold run: the run is judged by the folds' test
    mean and standard deviation, and predicts with :attr:`final`.

    Attributes:
        final: the run's model, the recipe's ``kfold.final``: ``ensemble`` (the
            mean of the fold models' outputs) or ``refit`` (a model trained on
            the training rows after the folds, member ``refit``). `None` in files
            written before it existed, whose ``primary`` names a fold.
        ensemble_test: the single-number test metrics of the final model (the
            ensemble's, or the refit model's), to show beside the folds' mean;
            `None` in older files or without test labels.
        sizes: whole-data and per-fold row counts; `None` in older files.
        decoding: how the ensemble turns its averaged scores into predictions,
            as its task writes it (multi-label thresholds tuned on the folds'
            out-of-fold scores); `None` for tasks with a fixed rule, a refit
            model (its ``preprocess.json`` holds its own) and older files.

    The last four are left out of the file when `None`, so an older file is
    written back as it was read.
    """

    omit_when_none = frozenset({"final", "ensemble_test", "sizes", "decoding"})

    n_splits: int
    stratified: bool
    scale: str
    folds: list[FoldRow]
    validation: FoldStatistics
    test: FoldStatistics
    textbook: list[float] | None
    final: Literal["ensemble", "refit"] | None = None
    ensemble_test: dict[str, float] | None = None
    sizes: KFoldSizes | None = None
    decoding: dict[str, Any] | None = None

    @property
    def textbook_mean(self) -> float | None:
        """The mean of the textbook's fold figures, or `None` without them."""
        return fold_statistics(self.textbook)[0] if self.textbook else None


class RunMetrics(MemberMetrics):
    """The run's top-level ``metrics.json``: the primary member's metrics, the members,
    and for K-fold the fold table (its ``headline`` is then the folds' mean).

    For K-fold the primary member is the final model, ``ensemble`` (``dir``
    ``"."``: its ``predictions.csv`` is the run folder's) or ``refit``, never a
    fold; ``model``, ``test``, ``baseline`` and ``predictions.csv`` are that
    model's, ``data`` counts the whole data (``data.validation`` is 0: every
    training row is held out by one fold; ``kfold.sizes`` has each fold's), and
    ``validation`` is an ensemble's out-of-fold metrics (each training row
    scored by the fold that held it out).

    Attributes:
        primary: the name of the member whose files ``predict`` uses.
        model_selection: the rule that chose it (``lowest_loss``, ``one_standard_error``).
        kfold: absent for a single split.
    """

    omit_when_none = MemberMetrics.omit_when_none | {"kfold"}

    members: list[MemberSummary] = Field(min_length=1)
    primary: str
    model_selection: str
    kfold: KFold | None = None

    @property
    def primary_member(self) -> MemberSummary:
        """The entry of :attr:`primary` (the first entry if none has that name)."""
        return next((member for member in self.members if member.name == self.primary),
                    self.members[0])


class InputRecord(JsonRecord):
    """``preprocess.json``'s ``input``: what ``predict`` accepts.

    Attributes:
        kind: ``image``, ``radar``, ``frame``... as the data set's loader says.
        shape: one input's shape.
        background: ``dark`` or ``light`` for grey images, else `None`.
        image_column: the CSV column of photo paths (photo runs).
        feature_names: the columns the model reads (tables).
        target_names: the target column(s) (tables; Kaggle's submission column).
    """

    kind: str
    shape: list[int]
    dtype: str | None
    background: str | None
    image_column: str | None
    feature_names: list[str] | None
    target_names: list[str] | None


class SideRecord(JsonRecord):
    """Side features (iceberg's incidence angle): their names and fitted scaler."""

    names: list[str]
    scaler: dict[str, Any]


class PreprocessRecord(JsonRecord):
    """``preprocess.json``: everything ``predict`` needs besides the weights.

    Attributes:
        input: `None` only in files of an older fourfold that lacked it.
        scaler: the fitted scaler as its ``to_dict`` wrote it (an InputScaler's,
            or the table encoder's with ``kind: table``); `None` only in files
            of an older fourfold that lacked it.
        decoding: a multi-label run's decoding, as its task wrote it; `None`
            for the other tasks.
    """

    schema_version: int = Field(SCHEMA, alias="schema")
    recipe: str | None
    task: str
    class_names: list[str]
    input: InputRecord | None
    scaler: dict[str, Any] | None
    side: SideRecord | None
    decoding: dict[str, Any] | None
    probability_clip: float


class StatusRecord(JsonRecord):
    """``status.json``: ``running`` first, ``complete`` last, ``failed`` on any error.

    Attributes:
        pid, host: the process that wrote it last (a dead ``running`` process
            means the run was interrupted).
        backend, jobs, data_dir: what ``--resume`` reuses.
    """

    schema_version: int = Field(SCHEMA, alias="schema")
    status: str
    started: str
    updated: str | None
    pid: int | None
    host: str | None
    error: str | None
    backend: str | None
    jobs: int | None
    data_dir: str | None


def fold_statistics(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (``ddof=1``) of one number per fold.

    The one place fold numbers are averaged: the run's fold table, the CLI's and
    the report's, and the textbook's fold figures beside them.

    Args:
        values: one number per fold.

    Returns:
        ``(mean, std)``; ``std`` is NaN for fewer than two folds.

    Example:
        >>> fold_statistics([2.06, 1.94, 2.15])
        (2.0500000000000003, 0.10535653752852739)
    """
    import numpy as np

    array = np.asarray(values, dtype=np.float64)
    std = float(array.std(ddof=1)) if len(array) > 1 else float("nan")
    return float(array.mean()), std
