"""The recipe schema. Defaults are the textbook's values; field names are the
Keras / scikit-learn arguments they feed (``epochs``, ``batch_size``,
``test_size``, ``random_state``, ``n_splits``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class DatasetConfig(_Strict):
    """Which data set to load.

    Attributes:
        name: a built-in data set (`fourfold datasets` lists them).
    """

    name: str


class SplitConfig(_Strict):
    """How the training data is split into training and validation rows.

    ``test_size`` and ``random_state`` feed scikit-learn's ``train_test_split``;
    the test set is the data set's own.
    """

    test_size: float = Field(0.3, gt=0.0, lt=1.0)
    random_state: int | None = 777
    stratify: bool = False


class PreprocessConfig(_Strict):
    """Input scaling, fitted on the training rows only.

    ``pixels`` divides by 255 (the textbook's images); ``standard``,
    ``minmax`` and ``robust`` are scikit-learn's scalers; ``none`` leaves the
    inputs as they are.
    """

    scaler: Literal["pixels", "standard", "minmax", "robust", "none"] = "pixels"
    flatten: bool = True


class ModelConfig(_Strict):
    """A Dense network: hidden layers, then the output layer the task prescribes."""

    name: str = "dense"
    hidden_units: list[PositiveInt] = Field(default_factory=lambda: [64, 32])
    activation: str = "relu"
    dropout: float = Field(0.0, ge=0.0, lt=1.0)


class TrainingConfig(_Strict):
    """Arguments of ``model.compile`` and ``model.fit``."""

    optimizer: Literal["adam", "sgd", "rmsprop", "adamw", "nadam", "adagrad"] = "adam"
    learning_rate: float | None = Field(None, gt=0.0)
    epochs: PositiveInt = 30
    batch_size: PositiveInt = 128
    early_stopping_patience: PositiveInt | None = None


class Recipe(_Strict):
    """A whole run, from data to report.

    Example:
        >>> Recipe(name="digits", task="multiclass", dataset={"name": "mnist"}).training.epochs
        30
    """

    name: str
    task: Literal["multiclass", "regression", "binary", "multilabel"]
    description: str = ""
    dataset: DatasetConfig
    split: SplitConfig = Field(default_factory=SplitConfig)
    preprocess: PreprocessConfig = Field(default_factory=PreprocessConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)
    compare_with: list[ModelConfig] = Field(default_factory=list)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    seed: int = 777
    backend: Literal["auto", "jax", "tensorflow", "torch"] = "auto"
    textbook: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _model_names_unique(self) -> "Recipe":
        names = [model.name for model in self.models]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(
                f"model names must be unique across model and compare_with; "
                f"repeated: {', '.join(duplicates)}"
            )
        return self

    @property
    def models(self) -> list[ModelConfig]:
        """The primary model followed by those it is compared with."""
        return [self.model, *self.compare_with]
