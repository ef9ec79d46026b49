"""Training/validation splits with scikit-learn, as index arrays."""

from __future__ import annotations

import numpy as np

from fourfold.recipes.schema import SplitConfig


def train_validation_indices(num_rows: int, config: SplitConfig,
                             stratify_labels: np.ndarray | None = None
                             ) -> tuple[np.ndarray, np.ndarray]:
    """Split row indices ``0..num_rows-1`` as ``train_test_split`` would.

    With the textbook's ``test_size=0.3, random_state=777`` this gives the
    same rows as splitting the arrays themselves. The two parts never overlap
    and together cover every row.

    Returns:
        ``(train_indices, validation_indices)``, int64 arrays.
    """
    from sklearn.model_selection import train_test_split

    indices = np.arange(num_rows)
    train, validation = train_test_split(
        indices,
        test_size=config.test_size,
        random_state=config.random_state,
        stratify=stratify_labels if config.stratify else None,
    )
    return train.astype(np.int64), validation.astype(np.int64)
