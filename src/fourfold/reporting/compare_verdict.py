"""One sentence on which of the compared models generalises better, and why.

The chapter's question — why does the deeper model overfit? — is answered from
the records: the loss on data the model never trained on (test, else the
lowest validation loss), the gap between training and validation loss at the
best epoch, when validation loss started rising, and how many parameters each
model has.
"""

from __future__ import annotations

from fourfold.messages import text
from fourfold.reporting.compare_columns import Column


def verdict(columns: list[Column], format_number, *, by_test: bool = True) -> str | None:
    """The sentence, or `None` when fewer than two columns have a loss to compare.

    The best column (lowest test loss when every column has one, else lowest
    validation loss) is set against the runner-up.

    Args:
        columns: the page's columns.
        format_number: how the page formats numbers.
        by_test: `False` judges by validation loss even where every column has a
            test loss: a sweep chooses among its trials by validation, and a
            sentence picking by test loss would contradict it. Defaults to `True`.
    """
    measure = ("test_loss" if by_test and all(c.test_loss is not None for c in columns)
               else "validation_loss")
    scored = sorted((c for c in columns if getattr(c, measure) is not None),
                    key=lambda column: getattr(column, measure))
    if len(scored) < 2:
        return None
    best, other = scored[0], scored[1]
    best_loss, other_loss = getattr(best, measure), getattr(other, measure)
    if best_loss == other_loss:
        return text("compare.verdict.tie", first=best.label, second=other.label,
                    measure=text(f"compare.why.{measure}.name"), value=format_number(best_loss))
    reasons = [text(f"compare.why.{measure}", best=format_number(best_loss),
                    other=format_number(other_loss))]
    reasons += [reason for reason in (_gap(best, other, format_number), _onset(best, other),
                                      _parameters(best, other)) if reason]
    key = "compare.verdict.best_of" if len(columns) > 2 else "compare.verdict.better"
    return text(key, best=best.label, other=other.label, count=len(columns),
                reasons=text("compare.why.join").join(reasons))


def _gap(best: Column, other: Column, format_number) -> str | None:
    if best.gap is None or other.gap is None:
        return None
    word = "smaller" if best.gap < other.gap else "larger" if best.gap > other.gap else "same"
    return text(f"compare.why.gap.{word}", best=format_number(best.gap),
                other=format_number(other.gap))


def _onset(best: Column, other: Column) -> str | None:
    mine, theirs = best.onset, other.onset
    if mine is None or theirs is None:
        return None
    if mine == "never" and theirs == "never":
        return text("compare.why.onset.neither")
    if mine == "never":
        return text("compare.why.onset.only_other", other=theirs)
    if theirs == "never":
        return text("compare.why.onset.only_best", best=mine)
    word = "later" if mine > theirs else "earlier" if mine < theirs else "same"
    return text(f"compare.why.onset.{word}", best=mine, other=theirs)


def _parameters(best: Column, other: Column) -> str | None:
    mine, theirs = best.parameters, other.parameters
    if mine is None or theirs is None:
        return None
    word = "fewer" if mine < theirs else "more" if mine > theirs else "same"
    return text(f"compare.why.parameters.{word}", best=f"{mine:,}", other=f"{theirs:,}")
