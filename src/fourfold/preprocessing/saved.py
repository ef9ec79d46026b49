"""Rebuild the fitted input scaling a run saved in ``preprocess.json``."""

from __future__ import annotations

from fourfold.preprocessing.scaling import InputScaler
from fourfold.preprocessing.table_encoder import TableEncoder


def scaler_from_dict(record: dict) -> InputScaler | TableEncoder:
    """The fitted scaler saved as ``record``: the table encoder of a run on a user's table
    (``kind: table``), else an :class:`InputScaler`."""
    if record.get("kind") == TableEncoder.kind:
        return TableEncoder.from_dict(record)
    return InputScaler.from_dict(record)
