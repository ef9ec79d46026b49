"""What the classifier and the regressor share: parameters, fitting, pickling.

The network is fourfold's: :func:`fourfold.models.build_model` builds it from a
``ModelConfig`` made of the estimator's parameters and ends it in the output
layer of the task the target calls for (:mod:`fourfold.tasks`), which also
encodes the target for the loss and decodes the outputs. Fitting keeps what
``fourfold run`` does: the seed set before the model is built, the task's loss
and metrics compiled with up to 8 steps per execution, a NaN loss stopping the fit,
and, with validation rows, the weights of the epoch with the lowest validation
loss restored at the end.
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from fourfold.sklearn._persistence import import_keras, model_from_bytes, model_to_bytes

#: Recipe fields whose estimator parameter has another name.
_PARAMETER_NAMES = {"early_stopping_patience": "early_stopping"}


class NeuralEstimator(BaseEstimator):
    """Base class of :class:`NeuralClassifier` and :class:`NeuralRegressor`.

    Args:
        hidden_units: units of each hidden ``Dense`` layer, in order. Defaults
            to `(64, 32)` (the textbook's networks).
        activation: activation of the hidden layers. Defaults to `"relu"`.
        dropout: ``Dropout`` rate after each hidden layer. Defaults to `0.0`.
        l2: L2 kernel regularisation of every layer. Defaults to `0.0`.
        epochs: passes over the training rows. Defaults to `30`.
        batch_size: rows per training step. Defaults to `128`.
        optimizer: ``adam``, ``sgd``, ``rmsprop``, ``adamw``, ``nadam`` or
            ``adagrad``. Defaults to `"adam"`.
        learning_rate: the optimizer's learning rate; `None` keeps Keras'
            default. Defaults to `None`.
        validation_fraction: share of the rows held out (stratified for
            single-label classes, where every class has rows enough) to pick the epoch whose weights are kept: the
            one with the lowest validation loss. `0` trains on every row and
            keeps the last epoch. Defaults to `0.1`.
        early_stopping: stop after this many epochs without a lower validation
            loss (Keras' ``EarlyStopping`` patience); `None` trains every epoch.
            Needs ``validation_fraction > 0``. Defaults to `None`.
        random_state: seed of the weights, the validation split, the batches
            and dropout: two fits with the same seed give the same model, bit
            for bit. `None` draws fresh randomness. Defaults to `None`.
        verbose: Keras' ``fit`` verbosity (0 silent, 1 progress bar, 2 a line
            per epoch). Defaults to `0`.

    Attributes:
        model_: the fitted ``keras.Model``.
        history_: ``{log key: [value per epoch]}``, Keras' ``History.history``.
        best_epoch_: the 1-based epoch whose weights were kept, or `None`
            without validation rows (the last epoch's).
        n_features_in_: number of features seen in ``fit``.
        feature_names_in_: the column names, when ``X`` had string column names.
    """

    def __init__(self, hidden_units=(64, 32), activation="relu", dropout=0.0, l2=0.0, *,
                 epochs=30, batch_size=128, optimizer="adam", learning_rate=None,
                 validation_fraction=0.1, early_stopping=None, random_state=None, verbose=0):
        self.hidden_units = hidden_units
        self.activation = activation
        self.dropout = dropout
        self.l2 = l2
        self.epochs = epochs
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.validation_fraction = validation_fraction
        self.early_stopping = early_stopping
        self.random_state = random_state
        self.verbose = verbose

    # Fitting ---------------------------------------------------------------

    def _validate_training_data(self, X, y, **options):
        """``X`` as float32 (the network's dtype) and ``y``, checked by scikit-learn."""
        return validate_data(self, X, y, dtype=np.float32, ensure_min_samples=2, **options)

    def _fit_network(self, x: np.ndarray, y: np.ndarray, task, num_outputs: int):
        """Build, compile and fit a fresh network for ``task`` on rows ``x`` and targets ``y``
        (class indices, indicator rows or values); set ``model_``, ``history_`` and
        ``best_epoch_``."""
        model_config, training = self._configs()
        seed = self._seed()
        train, validation = self._split(len(x), y if task.stratify else None, seed)
        keras = import_keras()
        from fourfold.models import build_model, compile_model
        from fourfold.training.callbacks import BestWeights, StopOnNaN
        from fourfold.training.member import STEPS_PER_EXECUTION

        targets = task.encode(y, num_outputs)
        callbacks = [StopOnNaN()]
        best = BestWeights("val_loss")
        validation_data = None
        if len(validation):
            validation_data = (x[validation], targets[validation])
            callbacks.append(best)
            if self.early_stopping:
                callbacks.append(keras.callbacks.EarlyStopping(
                    monitor="val_loss", patience=self.early_stopping))
        with _caller_random_state_kept():
            if seed is not None:
                keras.utils.set_random_seed(seed)
            model = build_model(model_config, task, input_shape=(x.shape[1],),
                                num_outputs=num_outputs, output_scale=task.output_scale(y[train]))
            # More steps per compiled call than an epoch has batches buys nothing and
            # makes the call slower to compile: on small tables compiling is most of a fit.
            batches = -(-len(train) // training.batch_size)
            compile_model(model, task, training,
                          steps_per_execution=min(STEPS_PER_EXECUTION, batches))
            history = model.fit(x[train], targets[train], validation_data=validation_data,
                                epochs=training.epochs, batch_size=training.batch_size,
                                callbacks=callbacks, verbose=self.verbose)
        self.model_ = model
        self.history_ = {key: [float(value) for value in values]
                         for key, values in history.history.items()}
        self.best_epoch_ = best.best_epoch if len(validation) else None
        return self

    def _configs(self):
        """The recipe sections the parameters stand for, checked by the recipe schema."""
        from pydantic import ValidationError

        from fourfold.recipes.schema import ModelConfig, TrainingConfig

        if not 0.0 <= self.validation_fraction < 1.0:
            raise ValueError(f"{type(self).__name__}: validation_fraction must be in [0, 1). "
                             f"Received: validation_fraction={self.validation_fraction!r}.")
        if self.early_stopping is not None and not self.validation_fraction:
            raise ValueError(f"{type(self).__name__}: early_stopping watches the validation "
                             "loss and would be ignored with validation_fraction=0. Set "
                             "validation_fraction > 0, or early_stopping=None.")
        try:
            return (
                ModelConfig(hidden_units=list(self.hidden_units), activation=self.activation,
                            dropout=self.dropout, l2=self.l2),
                TrainingConfig(optimizer=self.optimizer, learning_rate=self.learning_rate,
                               epochs=self.epochs, batch_size=self.batch_size,
                               early_stopping_patience=self.early_stopping),
            )
        except ValidationError as error:
            problem = error.errors()[0]
            field = str(problem["loc"][0])
            name = _PARAMETER_NAMES.get(field, field)
            raise ValueError(f"{type(self).__name__}: {name} {problem['msg'][0].lower()}"
                             f"{problem['msg'][1:]}. Received: {name}={getattr(self, name)!r}."
                             ) from None

    def _seed(self) -> int | None:
        """The integer seed of this fit: ``random_state`` itself, one drawn from a
        ``RandomState``, or `None`."""
        if self.random_state is None or isinstance(self.random_state, (int, np.integer)):
            return None if self.random_state is None else int(self.random_state)
        return int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))

    def _split(self, num_rows: int, stratify: np.ndarray | None, seed: int | None):
        """Training and validation row indices (``train_test_split``); no validation rows
        when ``validation_fraction`` is 0."""
        rows = np.arange(num_rows)
        if not self.validation_fraction:
            return rows, rows[:0]
        from sklearn.model_selection import train_test_split

        if stratify is not None and not _can_stratify(stratify, self.validation_fraction):
            stratify = None
        train, validation = train_test_split(rows, test_size=self.validation_fraction,
                                             random_state=seed, stratify=stratify)
        return np.sort(train), np.sort(validation)

    # Predicting ------------------------------------------------------------

    def _scores(self, X) -> np.ndarray:
        """The network's outputs for ``X``, float64 of shape ``(n, outputs)``."""
        from fourfold.models import predict_scores

        check_is_fitted(self)
        x = validate_data(self, X, dtype=np.float32, reset=False)
        return predict_scores(self.model_, x)

    # Pickling --------------------------------------------------------------

    def __getstate__(self):
        state = dict(super().__getstate__())
        if "model_" in state:
            state["model_"] = model_to_bytes(state["model_"])
        return state

    def __setstate__(self, state):
        if isinstance(state.get("model_"), bytes):
            state = {**state, "model_": model_from_bytes(state["model_"])}
        super().__setstate__(state)


def _can_stratify(labels: np.ndarray, fraction: float) -> bool:
    """Whether ``train_test_split`` can keep the class shares: every class has two rows
    or more, and each part is large enough to hold one row of every class."""
    counts = np.unique(labels, return_counts=True)[1]
    validation = int(np.ceil(fraction * len(labels)))
    return counts.min() >= 2 and min(validation, len(labels) - validation) >= len(counts)


@contextmanager
def _caller_random_state_kept():
    """Leave Python's and NumPy's global random generators as the caller had them:
    seeding Keras (``keras.utils.set_random_seed``) reseeds both."""
    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
