"""Training/validation splits with scikit-learn, as index arrays."""

from __future__ import annotations

import numpy as np

from fourfold.recipes.schema import SplitConfig


def train_validation_indices(num_rows: int, config: SplitConfig,
                             stratify_labels: np.ndarray | None = None,
                             published: np.ndarray | None = None
                             ) -> tuple[np.ndarray, np.ndarray]:
    """Split row indices ``0..num_rows-1`` as ``train_test_split`` (or Keras'
    ``validation_split``) would.

    With the textbook's ``test_size=0.3, random_state=777`` this gives the
    same rows as splitting the arrays themselves. The two parts never overlap
    and together cover every row.

    ``method: published`` takes the data set's own validation rows
    (``published``; :mod:`~fourfold.preprocessing.compatibility` refuses the
    method for a data set without them, before anything trains).

    Returns:
        ``(train_indices, validation_indices)``, int64 arrays.
    """
    from sklearn.model_selection import train_test_split

    indices = np.arange(num_rows)
    if config.method == "published":
        validation = np.asarray(published, dtype=np.int64)
        return np.setdiff1d(indices, validation), validation
    if config.method == "validation_split":
        # Keras' fit(validation_split=f): the last f of the rows, in order.
        split_at = int(np.floor(num_rows * (1.0 - config.validation_split)))
        return indices[:split_at], indices[split_at:]
    train, validation = train_test_split(
        indices,
        test_size=config.test_size,
        random_state=config.random_state,
        stratify=stratify_labels if config.stratify else None,
    )
    return train.astype(np.int64), validation.astype(np.int64)


def fold_indices(num_rows: int, n_splits: int, *, shuffle: bool = True,
                 random_state: int | None = 777, stratify_labels: np.ndarray | None = None
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """K folds of row indices: scikit-learn's ``KFold``, or ``StratifiedKFold`` when
    ``stratify_labels`` is given.

    Returns:
        ``[(train_indices, held_out_indices), ...]``: each pair disjoint; the
        held-out parts together cover every row exactly once.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    state = random_state if shuffle else None
    if stratify_labels is not None:
        splitter = StratifiedKFold(n_splits, shuffle=shuffle, random_state=state)
        folds = splitter.split(np.zeros(num_rows), stratify_labels)
    else:
        folds = KFold(n_splits, shuffle=shuffle, random_state=state).split(np.arange(num_rows))
    return [(train.astype(np.int64), held_out.astype(np.int64)) for train, held_out in folds]
