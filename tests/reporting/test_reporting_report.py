"""build_report: the page a run folder yields, from the folder alone."""

from __future__ import annotations

import re

import pytest

from fourfold.errors import RunFolderError
from fourfold.messages import set_language
from fourfold.reporting import build_report
from fourfold.runs import layout
from fourfold.runs.status import write_status

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EVIL = "<script>alert(1)</script>"  # A class name in the conftest run folders.
WRONG_ROWS = (3, 7)  # Test rows the conftest multiclass model gets wrong.


def _page(run_dir) -> str:
    path = build_report(run_dir)
    assert path == run_dir / layout.REPORT
    return path.read_text(encoding="utf-8")


def test_multiclass_report_is_escaped_and_self_contained(multiclass_run):
    page = _page(multiclass_run)
    assert "<script" not in page
    assert EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "data:image/png;base64," in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page
    assert '<html lang="en">' in page


def test_multiclass_report_sections(multiclass_run):
    page = _page(multiclass_run)
    for section in ("data", "curves", "metrics", "confusion", "classification", "predictions"):
        assert f'id="{section}"' in page
    assert 'id="regression"' not in page
    assert 'id="members"' not in page  # One model only.
    assert "best epoch 5 of 8" in page
    assert "overfitting after epoch 5" in page
    assert "Validation loss was lowest at epoch 5" in page  # curve.explanation
    assert "0.9700" in page  # The textbook's accuracy, beside this run's 0.8333.
    assert "0.8333" in page and "0.3333" in page  # This run and the baseline.
    assert "macro avg" in page and "weighted avg" in page
    assert "2 duplicate images shared by train and test" in page  # data.notes
    for name in ("learning_curves", "confusion_matrix"):
        assert (multiclass_run / layout.PLOTS / f"{name}.png").read_bytes().startswith(PNG_MAGIC)


def test_wrong_predictions_are_marked(multiclass_run):
    page = _page(multiclass_run)
    shown_wrong = [row for row in WRONG_ROWS if row < 8]  # samples.npz shows rows 0..7.
    assert page.count('<figure class="wrong">') == len(shown_wrong)
    assert page.count('<span class="badge">wrong</span>') == len(shown_wrong)
    assert page.count("<figure") == 8
    assert "confidence" in page


def test_regression_report_has_scatter_and_residuals(regression_run):
    page = _page(regression_run)
    assert 'id="regression"' in page
    assert 'id="confusion"' not in page and 'id="classification"' not in page
    assert "MAE (mean absolute error)" in page and "2.2600" in page
    assert "no overfitting onset" in page
    for name in ("predicted_vs_true", "residuals", "learning_curves"):
        assert (regression_run / layout.PLOTS / f"{name}.png").read_bytes().startswith(PNG_MAGIC)


def test_two_model_report_compares_members(two_model_run):
    page = _page(two_model_run)
    assert 'id="members"' in page
    table = page[page.index('id="members"'):page.index('id="metrics"')]
    assert "dense-64-32" in table and "dense-128-128-32" in table
    assert "dense-128-128-32 overfits first: its validation loss turns up after epoch 4." in page
    assert "dense-128-128-32 scores best on the test set (accuracy 0.8600)." in page
    assert "best epoch 4 of 8" in page and "best epoch 8 of 8" in page
    # Details come from the primary member's own folder.
    assert 'id="confusion"' in page and 'id="predictions"' in page


def test_rebuilding_gives_the_same_page(multiclass_run):
    first = _page(multiclass_run)
    plot = (multiclass_run / layout.PLOTS / "learning_curves.png").read_bytes()
    assert _page(multiclass_run) == first
    assert (multiclass_run / layout.PLOTS / "learning_curves.png").read_bytes() == plot
    leftovers = [p.name for p in multiclass_run.rglob("*.tmp")]
    assert leftovers == []


def test_missing_metrics_raises_run_folder_error(multiclass_run):
    (multiclass_run / layout.METRICS).unlink()
    with pytest.raises(RunFolderError, match="incomplete") as caught:
        build_report(multiclass_run)
    assert str(multiclass_run) in str(caught.value)
    assert not (multiclass_run / layout.REPORT).exists()


def test_optional_files_may_be_missing(multiclass_run):
    for name in (layout.HISTORY, layout.PREDICTIONS, layout.SAMPLES, layout.CONFIG, layout.STATUS):
        (multiclass_run / name).unlink()
    page = _page(multiclass_run)
    assert 'id="metrics"' in page and 'id="confusion"' in page
    assert 'id="curves"' not in page and 'id="predictions"' not in page
    assert "<img class=\"pixels\"" not in page
    assert "failed" in page  # No status.json: nothing may look complete.


def test_incomplete_run_is_flagged(multiclass_run):
    write_status(multiclass_run, "failed", error="boom")
    page = _page(multiclass_run)
    assert 'class="banner"' in page and "This run is failed, not complete" in page


def test_member_outside_the_run_folder_is_refused(multiclass_run):
    import json

    metrics = json.loads((multiclass_run / layout.METRICS).read_text())
    metrics["members"][0]["dir"] = "../elsewhere"
    (multiclass_run / layout.METRICS).write_text(json.dumps(metrics))
    with pytest.raises(RunFolderError, match="outside the run folder"):
        build_report(multiclass_run)


def test_korean_report(multiclass_run):
    set_language("ko")
    page = _page(multiclass_run)
    assert '<html lang="ko">' in page
    assert "학습 곡선" in page and "혼동 행렬" in page and "틀림" in page
    assert "&lt;script&gt;" in page and "<script" not in page


def test_multilabel_report_has_the_per_label_table(multiclass_run):
    import json

    metrics = json.loads((multiclass_run / layout.METRICS).read_text())
    per_label = {name: {"precision": 0.9, "recall": 0.6, "f1-score": 0.72, "support": 5}
                 for name in ("red", "shirt", EVIL)}
    summaries = {name: {"precision": 0.9, "recall": 0.6, "f1-score": 0.72, "support": 15}
                 for name in ("micro avg", "macro avg", "weighted avg", "samples avg")}
    metrics.update(task="multilabel", class_names=["red", "shirt", EVIL],
                   headline={"name": "micro_f1", "value": 0.72, "higher_is_better": True})
    metrics["test"] = {"loss": 0.3, "micro_f1": 0.72, "macro_f1": 0.7, "subset_accuracy": 0.4,
                       "hamming_loss": 0.1, "classification_report": {**per_label, **summaries}}
    (multiclass_run / layout.METRICS).write_text(json.dumps(metrics))
    page = _page(multiclass_run)
    table = page[page.index('id="classification"'):]
    assert "samples avg" in table and "micro avg" in table and "&lt;script&gt;" in table
    assert 'id="confusion"' not in page and 'id="regression"' not in page
    assert "micro F1" in page and "subset accuracy" in page


def test_a_report_that_cannot_be_written_names_the_file(multiclass_run, capsys, monkeypatch):
    import errno
    import os

    from fourfold.cli import main

    def refused(path, data, **kwargs):  # what a read-only run folder answers
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(layout, "write_atomic", refused)
    code = main(["report", str(multiclass_run)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: Cannot write {multiclass_run / layout.PLOTS}")
    assert err.endswith(": Permission denied.\n") and "Traceback" not in err
