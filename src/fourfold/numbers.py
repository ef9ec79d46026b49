"""Reading a number out of a record: one rule for the report, the compare page and sweeps."""

from __future__ import annotations

import math
import numbers


def finite(value: object) -> float | None:
    """``value`` as a float when it is a finite real number (NumPy scalars included), else
    `None`: `None`, booleans, strings, NaN and infinities are no number to show or rank by."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
