"""The task registry: SPEC's rule table, one row per task, registered once.

Nothing outside this package branches on a task's name: callers look the task
up with :func:`get_task` and use what it owns (output layer, loss, metrics,
label encoding and decoding, evaluation, baseline) and how it is shown (report
sections and plots, progress-bar metrics, `fourfold predict`'s lines, Kaggle
submission columns; see :class:`~fourfold.tasks.base.Task`).
"""

from __future__ import annotations

from fourfold.tasks.base import Task
from fourfold.tasks.binary import BinaryTask
from fourfold.tasks.multiclass import MulticlassTask
from fourfold.tasks.multilabel import MultilabelTask
from fourfold.tasks.regression import RegressionTask

TASKS: dict[str, Task] = {
    task.name: task
    for task in (MulticlassTask(), RegressionTask(), BinaryTask(), MultilabelTask())
}


def get_task(name: str) -> Task:
    """The registered task called ``name``.

    Raises:
        KeyError: naming the tasks that exist.
    """
    try:
        return TASKS[name]
    except KeyError:
        raise KeyError(f"Unknown task {name!r}; expected one of {sorted(TASKS)}.") from None


__all__ = ["TASKS", "Task", "get_task"]
