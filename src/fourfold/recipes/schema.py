"""The recipe schema. Defaults are the textbook's values; field names are the
Keras / scikit-learn arguments they feed (``epochs``, ``batch_size``,
``test_size``, ``random_state``, ``n_splits``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PositiveInt, field_validator, model_validator

from fourfold.datasets.config import (
    NAME_LENGTH,
    ColumnKind,
    DatasetConfig,
    FolderConfig,
    ImagesConfig,
    Seed,
    StrictModel,
    TableConfig,
)
from fourfold.messages import text

#: The dataset section's classes are the data sets' own (:mod:`fourfold.datasets.config`).
__all__ = ["ACTIVATIONS", "ColumnKind", "DatasetConfig", "EvaluationConfig", "FolderConfig",
           "ImagesConfig", "KFoldConfig", "ModelConfig", "PreprocessConfig", "Recipe",
           "SplitConfig", "TableConfig", "TrainingConfig"]


class SplitConfig(StrictModel):
    """How the training data is split into training and validation rows.

    ``method: train_test_split`` (the default) shuffles with scikit-learn's
    ``train_test_split(test_size=..., random_state=..., stratify=...)``;
    ``method: validation_split`` is Keras' ``fit(validation_split=...)``: the
    last fraction of the training rows, unshuffled; ``method: published``
    takes the data set's own validation rows (apparel's val CSV, or
    ``dataset.images.validation``). The test set is the data set's own. Options the chosen method would ignore are refused.
    """

    method: Literal["train_test_split", "validation_split", "published"] = "train_test_split"
    test_size: float = Field(0.3, gt=0.0, lt=1.0)
    random_state: Seed | None = 777
    stratify: bool = False
    validation_split: float | None = Field(None, gt=0.0, lt=1.0)

    @model_validator(mode="after")
    def _options_fit_the_method(self) -> "SplitConfig":
        if self.method == "validation_split":
            if self.validation_split is None:
                raise ValueError(text("schema.validation_split_missing"))
            ignored = self._changed("test_size", "random_state", "stratify")
        elif self.method == "published":
            ignored = self._changed("test_size", "random_state", "stratify", "validation_split")
        else:
            ignored = self._changed("validation_split")
        if ignored:
            raise ValueError(text("schema.split_ignored", names=", ".join(ignored),
                                  method=self.method))
        return self

    def _changed(self, *names: str) -> list[str]:
        """Fields among ``names`` whose value differs from the default.

        A fully written config (``config.yaml``) repeats the defaults; only a
        changed value shows that the user meant an option.
        """
        return [name for name in names if getattr(self, name) != type(self).model_fields[name].default]


#: Longest one-line summary of a recipe (``fourfold recipes`` shows it in a column).
SUMMARY_LENGTH = 100


class KFoldConfig(StrictModel):
    """K-fold cross-validation over the training rows (``--kfold K``).

    A fresh model per fold, validated on its held-out fold and evaluated on
    the held-out fold and the test set. ``scale: per_fold`` fits the scaler
    on each fold's training rows (no leakage); ``before_folds`` fits it once
    on all training rows first, as the textbook does. Classification folds
    are stratified (scikit-learn's ``StratifiedKFold``). ``final`` says which
    model the run keeps for ``predict``: ``ensemble`` averages the K folds'
    outputs; ``refit`` trains one more model on all training rows.
    """

    n_splits: int | None = Field(None, ge=2)
    shuffle: bool = True
    random_state: Seed | None = 777
    scale: Literal["per_fold", "before_folds"] = "per_fold"
    final: Literal["ensemble", "refit"] = "ensemble"

    @model_validator(mode="after")
    def _random_state_needs_shuffle(self) -> "KFoldConfig":
        if not self.shuffle and self.random_state not in (None, 777):
            raise ValueError(text("schema.kfold_random_state"))
        return self


class PreprocessConfig(StrictModel):
    """Input scaling, fitted on the training rows only.

    ``pixels`` divides by 255 (the textbook's images); ``standard``,
    ``minmax`` and ``robust`` are scikit-learn's scalers, per feature;
    ``per_channel`` standardizes each channel of image-shaped inputs (radar
    bands) with the training rows' mean and standard deviation; ``per_image``
    standardizes each channel of each image with that image's own mean and
    standard deviation (a chip's overall brightness no longer varies from image
    to image); ``none`` leaves the inputs as they are. ``mean_channel`` appends
    the mean of the channels as one more channel (the radar recipes' derived
    third band); ``downsample`` averages each n x n block of an image before
    scaling; ``quantiles: N`` then summarises each channel of an image by N
    evenly spaced quantiles of its values (its brightness distribution,
    wherever things lie: for Dense models). ``scale_target``
    (regression) has the network learn the target standardized with the
    training rows' mean and standard deviation: a fixed last layer multiplies
    and shifts its output back, so predictions and metrics stay in the target's
    units (a target in the hundreds or millions trains as fast as one near 1).
    """

    scaler: Literal["pixels", "standard", "minmax", "robust", "per_channel", "per_image",
                    "none"] = "pixels"
    flatten: bool = True
    scale_target: bool = False
    mean_channel: bool = False
    downsample: PositiveInt = 1
    quantiles: int | None = Field(None, ge=2)


#: The activations Keras knows by name (``keras.activations.get``) that take a tensor
#: alone (``threshold`` needs two more arguments). Written out rather than read from
#: Keras so that a misspelt name is refused at the recipe, before Keras is imported
#: and before a run folder exists; tests/recipes/test_schema.py keeps it equal to
#: Keras' registry.
ACTIVATIONS = ("celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid",
               "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid",
               "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink",
               "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax",
               "squareplus", "swish", "tanh", "tanh_shrink")


class ModelConfig(StrictModel):
    """A network: optional convolution blocks, Dense hidden layers, then the output
    layer the task prescribes.

    ``kind: dense`` flattens the inputs (the textbook's models); ``kind: cnn``
    runs one ``Conv2D(filters, kernel_size, padding="same")`` + ``MaxPooling2D``
    block per entry of ``filters`` over image-shaped inputs, then global
    (or max) pooling; ``first_stride: 2`` moves the first convolution two pixels at a
    time (every pixel still under its kernel), so every block after it sees a quarter of
    the positions. ``l2`` is the kernel regularisation of every layer.
    ``augmentation`` adds Keras' random layers over image-shaped inputs (``kind:
    cnn``, or ``kind: dense`` with ``preprocess.flatten: false``, which then
    flattens after them), active in training only: ``horizontal_flip``
    (``RandomFlip``), ``translation`` (up to 10% each way, ``RandomTranslation``),
    ``zoom`` (up to 10%, ``RandomZoom``).
    ``wide`` joins the (flattened) inputs to the last hidden layer's features, so
    the output layer sees both: a linear model plus a deep one ("wide & deep",
    Cheng et al. 2016), which small tables whose target is nearly linear in the
    features need to match a linear model.
    """

    name: str = Field("dense", min_length=1, max_length=NAME_LENGTH)
    kind: Literal["dense", "cnn"] = "dense"
    filters: list[PositiveInt] = Field(default_factory=list)
    kernel_size: PositiveInt = 3
    first_stride: PositiveInt = 1
    batch_norm: bool = False
    global_pooling: Literal["average", "max"] = "average"
    hidden_units: list[PositiveInt] = Field(default_factory=lambda: [64, 32])
    activation: Literal[ACTIVATIONS] = "relu"
    dropout: float = Field(0.0, ge=0.0, lt=1.0)
    l2: float = Field(0.0, ge=0.0)
    augmentation: list[Literal["horizontal_flip", "translation", "zoom"]] = Field(
        default_factory=list)
    wide: bool = False

    @model_validator(mode="after")
    def _filters_fit_the_kind(self) -> "ModelConfig":
        if self.kind == "cnn" and not self.filters:
            raise ValueError(text("schema.cnn_needs_filters"))
        if self.kind == "dense" and self.filters:
            raise ValueError(text("schema.dense_filters"))
        if self.kind == "dense" and self.first_stride != 1:
            raise ValueError(text("schema.dense_stride"))
        return self


class TrainingConfig(StrictModel):
    """Arguments of ``model.compile`` and ``model.fit``.

    ``learning_rate_schedule``: ``constant`` keeps ``learning_rate`` (or the optimizer's
    default) throughout; ``cosine`` lowers it along a half cosine from that value at the
    first step to zero after the last step of ``epochs`` (Keras' ``CosineDecay``), so
    the last epochs take small steps. Early stopping does not stretch the schedule.

    ``data_parallel``: ``auto`` trains on the GPUs or TPUs when the JAX backend sees two
    or more (Keras' ``DataParallel``: each batch split across them; as many as split
    ``batch_size`` evenly), ``on`` on every device JAX lists (CPU devices too), ``off``
    on one device (:mod:`fourfold.distribution`).
    """

    optimizer: Literal["adam", "sgd", "rmsprop", "adamw", "nadam", "adagrad"] = "adam"
    learning_rate: float | None = Field(None, gt=0.0)
    learning_rate_schedule: Literal["constant", "cosine"] = "constant"
    epochs: PositiveInt = 30
    batch_size: PositiveInt = 128
    early_stopping_patience: PositiveInt | None = None
    data_parallel: Literal["auto", "on", "off"] = "auto"

    @field_validator("data_parallel", mode="before")
    @classmethod
    def _yaml_on_off(cls, value):
        """YAML reads a bare ``on`` / ``off`` as true / false."""
        return {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value


class EvaluationConfig(StrictModel):
    """How predicted probabilities are read.

    ``probability_clip`` clips binary probabilities to ``[c, 1 - c]`` in the
    test metrics, in ``predictions.csv`` and in predictions and submissions
    made later: an overconfident wrong answer then costs at most ``-log(c)`` of
    log loss. Kaggle itself clips at 1e-15.

    Multi-label only: ``decoding`` turns the K probabilities into a label set.
    ``threshold`` switches on every label at 0.5 (the textbook); ``tuned`` uses
    one threshold per label, chosen on the validation rows to maximise that
    label's F1 (saved with the model and used by ``predict``); ``groups``
    switches on exactly one label per group, the most probable (one colour and
    one type). ``label_groups`` names the groups (``{colour: [black, ...],
    type: [dress, ...]}``); the apparel data set brings its own.

    ``model_selection`` picks the run's model when a recipe compares several
    (``compare_with``): ``lowest_loss`` keeps the one with the lowest validation
    loss; ``one_standard_error`` keeps the one with the fewest parameters whose
    validation loss is within one standard error of the lowest (Breiman et al.'s
    rule: on a small validation set a bigger model's edge is often noise).
    """

    probability_clip: float = Field(1e-15, gt=0.0, lt=0.5)
    model_selection: Literal["lowest_loss", "one_standard_error"] = "lowest_loss"
    decoding: Literal["tuned", "threshold", "groups"] = "tuned"
    label_groups: dict[str, list[str]] = Field(default_factory=dict)


class Recipe(StrictModel):
    """A whole run, from data to report.

    Example:
        >>> Recipe(name="digits", task="multiclass", dataset={"name": "mnist"}).training.epochs
        30
    """

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    task: Literal["multiclass", "regression", "binary", "multilabel"]
    description: str = ""
    summary: str = Field("", max_length=SUMMARY_LENGTH)
    dataset: DatasetConfig
    split: SplitConfig = Field(default_factory=SplitConfig)
    preprocess: PreprocessConfig = Field(default_factory=PreprocessConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)
    compare_with: list[ModelConfig] = Field(default_factory=list)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    kfold: KFoldConfig = Field(default_factory=KFoldConfig)
    evaluation: EvaluationConfig = Field(default_factory=lambda: EvaluationConfig())
    seed: Seed = 777
    backend: Literal["auto", "jax", "tensorflow", "torch"] = "auto"
    textbook: dict[str, float] = Field(default_factory=dict)
    textbook_folds: dict[str, list[float]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _model_names_unique(self) -> "Recipe":
        names = [model.name for model in self.models]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(text("schema.model_names", names=", ".join(duplicates)))
        return self

    @model_validator(mode="after")
    def _images_stay_images(self) -> "Recipe":
        """Convolutions and augmentation need images, which ``preprocess.flatten`` undoes."""
        if not self.preprocess.flatten:
            return self
        for model in self.models:
            if model.kind == "cnn":
                raise ValueError(text("schema.cnn_flattened", name=model.name))
        for model in self.models:
            if model.augmentation:
                raise ValueError(text("schema.augmentation_flattened", name=model.name))
        return self

    @model_validator(mode="after")
    def _kfold_trains_one_model(self) -> "Recipe":
        if self.kfold.n_splits and self.compare_with:
            raise ValueError(text("schema.kfold_compare_with"))
        return self

    @model_validator(mode="after")
    def _multilabel_options(self) -> "Recipe":
        evaluation = self.evaluation
        from fourfold.tasks import get_task

        if self.preprocess.scale_target and not get_task(self.task).scales_target:
            raise ValueError(text("schema.scale_target", task=self.task))
        if self.task != "multilabel" and (evaluation.decoding != "tuned" or evaluation.label_groups):
            raise ValueError(text("schema.multilabel_options"))
        photo_options = [name for name in ("image_size", "channels", "cache", "skip_bad_rows")
                         if getattr(self.dataset, name) != DatasetConfig.model_fields[name].default]
        if photo_options and not self.dataset.photos:
            raise ValueError(text("schema.photo_options",
                                  names=", ".join(f"dataset.{name}" for name in photo_options)))
        return self

    @property
    def convolutional(self) -> bool:
        """Whether any model of the recipe has convolutions."""
        return any(model.kind == "cnn" for model in self.models)

    @property
    def models(self) -> list[ModelConfig]:
        """The primary model followed by those it is compared with."""
        return [self.model, *self.compare_with]
