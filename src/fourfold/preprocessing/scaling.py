"""Input scaling: pixels /255 or a scikit-learn scaler, fitted on training rows only.

The fitted parameters are saved as JSON in ``preprocess.json`` (never pickled)
and restored by ``predict``.
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
    """Scales inputs; ``kind`` is ``pixels``, ``standard``, ``minmax``, ``robust`` or ``none``.

    ``pixels`` divides by 255; the scikit-learn scalers work per feature on
    flattened rows. ``flatten`` reshapes each row to one vector first.
    """

    kind: str = "pixels"
    flatten: bool = True
    estimator_: object | None = None

    def fit(self, x: np.ndarray) -> "InputScaler":
        """Learn the scaling from training rows ``x``; returns ``self``."""
        if self.kind in _FITTED:
            import sklearn.preprocessing

            class_name, _ = _FITTED[self.kind]
            rows = self._rows(x).astype(np.float64)
            self.estimator_ = getattr(sklearn.preprocessing, class_name)().fit(rows)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``x`` scaled, as float32 with one row per example."""
        rows = self._rows(x) if (self.flatten or self.kind in _FITTED) else np.asarray(x)
        if self.kind == "pixels":
            return rows.astype(np.float32) / np.float32(255.0)
        if self.kind == "none":
            return rows.astype(np.float32)
        if self.estimator_ is None:
            raise RuntimeError(f"{self.kind} scaler used before fit().")
        scaled = self.estimator_.transform(rows.astype(np.float64)).astype(np.float32)
        return scaled if self.flatten else scaled.reshape(np.shape(x))

    def to_dict(self) -> dict:
        """The fitted parameters as plain JSON values."""
        record: dict = {"kind": self.kind, "flatten": self.flatten}
        if self.kind in _FITTED and self.estimator_ is not None:
            _, attributes = _FITTED[self.kind]
            record["parameters"] = {
                name: np.asarray(getattr(self.estimator_, name)).tolist() for name in attributes
            }
        return record

    @classmethod
    def from_dict(cls, record: dict) -> "InputScaler":
        """Rebuild a fitted scaler from :meth:`to_dict`'s output."""
        scaler = cls(kind=record["kind"], flatten=record.get("flatten", True))
        if scaler.kind in _FITTED:
            import sklearn.preprocessing

            class_name, attributes = _FITTED[scaler.kind]
            estimator = getattr(sklearn.preprocessing, class_name)()
            for name in attributes:
                setattr(estimator, name, np.asarray(record["parameters"][name]))
            estimator.n_features_in_ = len(record["parameters"][attributes[0]])
            scaler.estimator_ = estimator
        return scaler

    @staticmethod
    def _rows(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return x.reshape(x.shape[0], -1)
