"""Input scaling, fitted on training rows only.

``pixels`` divides by 255; ``standard``, ``minmax`` and ``robust`` are
scikit-learn's scalers, per feature of the flattened rows; ``per_channel``
standardizes each channel (the last axis) of image-shaped inputs;
``per_image`` standardizes each channel of each row with that row's own mean
and standard deviation (nothing to fit: a chip's overall level, such as a
radar chip's clutter, no longer varies from row to row); ``none`` leaves
values as they are. The fitted parameters are saved as JSON in
``preprocess.json`` (never pickled) and restored by ``predict``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# scikit-learn's fitted attributes, per scaler, that transform() needs.
_FITTED = {
    "standard": ("StandardScaler", ("mean_", "scale_", "var_", "n_samples_seen_")),
    "minmax": ("MinMaxScaler", ("min_", "scale_", "data_min_", "data_max_", "data_range_")),
    "robust": ("RobustScaler", ("center_", "scale_")),
}


@dataclass
class InputScaler:
    """Scales inputs of any shape into float32 rows for Keras.

    Args:
        kind: ``pixels``, ``standard``, ``minmax``, ``robust``, ``per_channel``,
            ``per_image`` or ``none``. Defaults to `"pixels"`.
        flatten: reshape each row to one vector (Dense models); else keep the
            row's shape (convolutional models). Defaults to `True`.
        mean_channel: append the mean of the channels as one more channel,
            before scaling. Defaults to `False`.
        downsample: average each ``downsample`` x ``downsample`` block of
            image rows (speckle averaged out, ``downsample`` squared times fewer inputs for a
            Dense network), before scaling. Defaults to `1` (off).
        quantiles: summarise each channel of an image by this many evenly
            spaced quantiles of its values (minimum to maximum), after
            ``downsample`` and ``mean_channel`` and before scaling: rows become
            ``(quantiles, channels)``, the image's brightness distribution,
            whatever lies where (a target anywhere in the image looks the same
            to a Dense network). Defaults to `None` (off).
        in_model: ``pixels`` only: leave the division by 255 to the model (its
            first layer, see :attr:`model_scale`) and hand it uint8 rows, a
            quarter of float32's size (streamed photos). Defaults to `False`.
    """

    kind: str = "pixels"
    flatten: bool = True
    mean_channel: bool = False
    downsample: int = 1
    quantiles: int | None = None
    in_model: bool = False
    estimator_: object | None = None
    channel_mean_: np.ndarray | None = None
    channel_std_: np.ndarray | None = None

    def fit(self, x: np.ndarray) -> "InputScaler":
        """Learn the scaling from training rows ``x``; returns ``self``."""
        x = self._derived(x)
        if self.kind in _FITTED:
            import sklearn.preprocessing

            class_name, _ = _FITTED[self.kind]
            self.estimator_ = getattr(sklearn.preprocessing, class_name)().fit(
                _rows(x).astype(np.float64))
        elif self.kind == "per_channel":
            axes = tuple(range(x.ndim - 1))
            self.channel_mean_ = x.mean(axis=axes, dtype=np.float64)
            std = x.std(axis=axes, dtype=np.float64)
            self.channel_std_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``x`` scaled, as float32: one vector per row when ``flatten``, else its shape."""
        x = self._derived(x)
        if self.kind == "pixels" and self.in_model:
            scaled = np.asarray(x, dtype=np.uint8)
        elif self.kind == "pixels":
            scaled = np.asarray(x, dtype=np.float32) / np.float32(255.0)
        elif self.kind == "none":
            scaled = np.asarray(x, dtype=np.float32)
        elif self.kind == "per_channel":
            if self.channel_mean_ is None:
                raise RuntimeError("per_channel scaler used before fit().")
            scaled = ((x - self.channel_mean_) / self.channel_std_).astype(np.float32)
        elif self.kind == "per_image":
            scaled = _per_image(x)
        else:
            if self.estimator_ is None:
                raise RuntimeError(f"{self.kind} scaler used before fit().")
            rows = self.estimator_.transform(_rows(x).astype(np.float64)).astype(np.float32)
            scaled = rows.reshape(np.shape(x))
        return _rows(scaled) if self.flatten else scaled

    @property
    def embedded_levels(self) -> list[int]:
        """Arrays carry no categorical codes (see the table encoder)."""
        return []

    @property
    def model_scale(self) -> float | None:
        """The factor the model applies to its uint8 inputs itself, or `None`."""
        return 1.0 / 255.0 if self.kind == "pixels" and self.in_model else None

    def to_dict(self) -> dict:
        """The fitted parameters as plain JSON values."""
        record: dict = {"kind": self.kind, "flatten": self.flatten,
                        "mean_channel": self.mean_channel, "downsample": self.downsample,
                        "quantiles": self.quantiles, "in_model": self.in_model}
        if self.kind in _FITTED and self.estimator_ is not None:
            _, attributes = _FITTED[self.kind]
            record["parameters"] = {
                name: np.asarray(getattr(self.estimator_, name)).tolist() for name in attributes
            }
        if self.kind == "per_channel" and self.channel_mean_ is not None:
            record["parameters"] = {"mean": self.channel_mean_.tolist(),
                                    "std": self.channel_std_.tolist()}
        return record

    @classmethod
    def from_dict(cls, record: dict) -> "InputScaler":
        """Rebuild a fitted scaler from :meth:`to_dict`'s output."""
        scaler = cls(kind=record["kind"], flatten=record.get("flatten", True),
                     mean_channel=record.get("mean_channel", False),
                     downsample=record.get("downsample", 1),
                     quantiles=record.get("quantiles"),
                     in_model=record.get("in_model", False))
        if scaler.kind in _FITTED:
            import sklearn.preprocessing

            class_name, attributes = _FITTED[scaler.kind]
            estimator = getattr(sklearn.preprocessing, class_name)()
            for name in attributes:
                setattr(estimator, name, np.asarray(record["parameters"][name]))
            estimator.n_features_in_ = len(record["parameters"][attributes[0]])
            scaler.estimator_ = estimator
        elif scaler.kind == "per_channel":
            scaler.channel_mean_ = np.asarray(record["parameters"]["mean"])
            scaler.channel_std_ = np.asarray(record["parameters"]["std"])
        return scaler

    def _derived(self, x: np.ndarray) -> np.ndarray:
        x = _block_mean(np.asarray(x), self.downsample)
        if self.mean_channel:
            x = np.concatenate([x, x.mean(axis=-1, keepdims=True, dtype=np.float32)], axis=-1)
        return _quantiles(x, self.quantiles) if self.quantiles else x


def _quantiles(x: np.ndarray, count: int) -> np.ndarray:
    """``count`` evenly spaced quantiles (0 to 1) of each row's channels (the last axis), over
    the row's other axes: ``(n, count, channels)`` ``float32``."""
    if x.ndim < 3:
        raise ValueError(f"quantiles need rows with a channel axis, (n, ..., channels); "
                         f"received rows of shape {x.shape[1:]}.")
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1, x.shape[-1])
    levels = np.quantile(flat, np.linspace(0.0, 1.0, count), axis=1)  # (count, n, channels)
    return np.moveaxis(levels, 0, 1).astype(np.float32)


def _per_image(x: np.ndarray) -> np.ndarray:
    """Each row's channels (the last axis) standardized over the row's other axes; a row of
    one feature per channel (``(n, features)``) is standardized over its features."""
    x = np.asarray(x, dtype=np.float64)
    axes = tuple(range(1, x.ndim - 1)) if x.ndim >= 3 else tuple(range(1, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    std = x.std(axis=axes, keepdims=True)
    return ((x - mean) / np.where(std > 0, std, 1.0)).astype(np.float32)


def _block_mean(x: np.ndarray, size: int) -> np.ndarray:
    """Average ``size`` x ``size`` blocks over axes 1 and 2 (a trailing partial block is
    dropped); rows of other shapes pass unchanged."""
    if size <= 1 or x.ndim < 3:
        return x
    height, width = (x.shape[1] // size) * size, (x.shape[2] // size) * size
    blocks = x[:, :height, :width].reshape(
        x.shape[0], height // size, size, width // size, size, *x.shape[3:])
    return blocks.mean(axis=(2, 4), dtype=np.float64).astype(np.float32)


def _rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    return x.reshape(x.shape[0], -1)


@dataclass
class SideScaler:
    """Per-row side features (such as a radar image's incidence angle): a missing value
    (NaN) is replaced by the training mean and flagged in an indicator column, then
    each column is standardized with the training rows' statistics.

    ``transform`` returns ``k`` standardized columns followed by ``k`` 0/1
    missing-value indicators.
    """

    mean_: np.ndarray | None = None
    std_: np.ndarray | None = None

    def fit(self, side: np.ndarray) -> "SideScaler":
        side = np.asarray(side, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(side, axis=0) if np.isfinite(side).any() else np.zeros(side.shape[1])
        self.mean_ = np.nan_to_num(mean)
        filled = np.where(np.isnan(side), self.mean_, side)
        std = filled.std(axis=0)
        self.std_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, side: np.ndarray) -> np.ndarray:
        side = np.asarray(side, dtype=np.float64)
        missing = np.isnan(side)
        filled = np.where(missing, self.mean_, side)
        return np.concatenate([(filled - self.mean_) / self.std_, missing], axis=1).astype(np.float32)

    def to_dict(self) -> dict:
        return {"mean": self.mean_.tolist(), "std": self.std_.tolist()}

    @classmethod
    def from_dict(cls, record: dict) -> "SideScaler":
        return cls(np.asarray(record["mean"]), np.asarray(record["std"]))
