"""build_report for a multi-label run: label-set scores beside the no-label baseline,
the decodings compared, per-label thresholds, co-occurrence and the marked grid."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from fourfold.messages import set_language
from fourfold.reporting import build_report
from fourfold.reporting.multilabel import co_occurrence
from fourfold.runs import layout
from fourfold.runs.status import write_status

EVIL = "<script>alert(1)</script>"
LABELS = ["red", "blue", "shirt", "pants", EVIL]
GROUPS = {"colour": ["red", "blue"], "type": ["shirt", "pants"]}
THRESHOLDS = {"red": 0.61, "blue": 0.27, "shirt": 0.5, "pants": 0.17, EVIL: 0.42}
#: (image, true set, predicted set) of each test row.
ROWS = [
    ("photos/red_shirt/0.jpg", "red shirt", "red shirt"),
    ("photos/blue_pants/1.jpg", "blue pants", f"red pants {EVIL}"),
    ("photos/red_pants/2.jpg", "red pants", "red pants"),
    ("photos/a&b<i>.jpg", f"blue shirt {EVIL}", "blue"),
    ("photos/none/4.jpg", "", "shirt"),
]
#: Pure colours of the test photos, one per row.
COLOURS = [(255, 0, 0), (0, 0, 255), (0, 255, 0), (255, 255, 0), (0, 255, 255)]


def _scores(micro: float) -> dict:
    return {"micro_f1": micro, "macro_f1": micro - 0.1, "subset_accuracy": 0.4,
            "hamming_loss": 0.2, "binary_accuracy": 0.8}


def _metrics(*, groups: dict | None) -> dict:
    per_label = {name: {"precision": 0.5, "recall": 0.75, "f1-score": 0.6, "support": 2.0}
                 for name in LABELS}
    summaries = {name: {"precision": 0.6, "recall": 0.7, "f1-score": 0.65, "support": 9.0}
                 for name in ("micro avg", "macro avg", "weighted avg", "samples avg")}
    decodings = {"threshold": _scores(0.61), "tuned": _scores(0.72)}
    if groups:
        decodings["groups"] = _scores(0.83)
    test = {"loss": 0.3, **_scores(0.72), "mean_labels_true": 1.8, "mean_labels_predicted": 2.0,
            **{f"{group}_accuracy": 0.55 for group in groups or {}},
            "decoding": "tuned", "decodings": decodings,
            "classification_report": {**per_label, **summaries}}
    headline = {"name": "micro_f1", "value": 0.72, "higher_is_better": True, "textbook": None}
    return {
        "schema": 1, "recipe": "photos", "task": "multilabel", "dataset": "photos",
        "model": "dense", "class_names": LABELS, "label_groups": groups,
        "data": {"train": 20, "validation": 5, "test": len(ROWS), "input_shape": [6, 6, 3]},
        "test": test, "headline": headline,
        "baseline": {"name": "all labels off", "predicts": "no label",
                     "binary_accuracy": 0.64, "subset_accuracy": 0.2, "micro_f1": 0.0},
        "members": [{"name": "dense", "dir": ".", "headline": headline}], "primary": "dense",
    }


def _write_run(run_dir: Path, *, groups: dict | None = GROUPS) -> Path:
    run_dir.mkdir(parents=True)
    write_status(run_dir, "running")
    (run_dir / layout.METRICS).write_text(json.dumps(_metrics(groups=groups)), encoding="utf-8")
    (run_dir / layout.PREPROCESS).write_text(json.dumps({
        "schema": 1, "task": "multilabel", "class_names": LABELS,
        "decoding": {"mode": "tuned", "thresholds": THRESHOLDS, "groups": groups or {}},
    }), encoding="utf-8")
    pd.DataFrame({
        "row": range(len(ROWS)),
        "image": [image for image, _, _ in ROWS],
        "true": [true for _, true, _ in ROWS],
        "predicted": [predicted for _, _, predicted in ROWS],
        "correct": [true == predicted for _, true, predicted in ROWS],
        **{f"p_{name}": np.full(len(ROWS), 0.5) for name in LABELS},
    }).to_csv(run_dir / layout.PREDICTIONS, index=False)
    photos = np.array([np.full((6, 6, 3), colour, dtype=np.uint8) for colour in COLOURS])
    np.savez(run_dir / layout.SAMPLES, test_rows=np.arange(len(ROWS), dtype=np.int64),
             test_images=photos)
    write_status(run_dir, "complete")
    return run_dir


@pytest.fixture
def multilabel_run(tmp_path: Path) -> Path:
    return _write_run(tmp_path / "photos-20250101T000000Z")


def _section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start:page.index("</section>", start)]


def _rows(table: str) -> list[list[str]]:
    """The text of each cell, row by row, as a reader sees it."""
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)]


def _tiles(page: str) -> dict[str, str]:
    """Each tile of the prediction grid by its title (the photo's path as the page shows it)."""
    return {match.group(1): match.group(0) for match in
            re.finditer(r'<figure[^>]*title="([^"]*)"[^>]*>.*?</figure>', page, flags=re.S)}


def test_summary_puts_binary_accuracy_beside_the_no_label_baseline(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    rows = _rows(_section(page, "metrics"))
    assert rows[0] == ["Metric", "This run", "Baseline"]
    labels = [row[0] for row in rows[1:]]
    assert labels[:7] == ["micro F1", "macro F1", "exact match (subset accuracy)", "Hamming loss",
                          "binary accuracy", "colour accuracy (the group's labels exactly right)",
                          "type accuracy (the group's labels exactly right)"]
    assert ["binary accuracy", "0.8000", "0.6400"] in rows
    assert ["micro F1", "0.7200", "0.0000"] in rows
    # 1 - 0.64 of 5 labels are on: 1.8 labels a row.
    assert ("a row carries only 1.8 of the 5 labels on average, so a model that predicts no "
            "label at all already scores 0.6400") in page


def test_decodings_table_marks_the_decoding_the_run_uses(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    section = _section(page, "decodings")
    rows = _rows(section)
    assert [row[0] for row in rows[1:]] == ["threshold", "tuned (this run)", "groups"]
    assert [row[2] for row in rows[1:]] == ["0.6100", "0.7200", "0.8300"]
    assert section.count('class="headline"') == 1
    assert "every label at 0.5" in section and "one label per group" in section


def test_decodings_table_has_no_groups_row_without_groups(tmp_path):
    run = _write_run(tmp_path / "photos-20250101T000000Z", groups=None)
    page = build_report(run).read_text(encoding="utf-8")
    assert [row[0] for row in _rows(_section(page, "decodings"))[1:]] == [
        "threshold", "tuned (this run)"]
    assert "accuracy (the group" not in page


def test_per_label_table_lists_every_label_with_its_threshold(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    rows = _rows(_section(page, "classification"))
    assert rows[0] == ["Label", "precision", "recall", "F1", "support", "threshold"]
    by_label = {row[0]: row for row in rows[1:]}
    for name, threshold in THRESHOLDS.items():
        assert by_label[name] == [name, "0.5000", "0.7500", "0.6000", "2", f"{threshold:.4f}"]
    for summary in ("micro avg", "macro avg", "weighted avg", "samples avg"):
        assert by_label[summary][-1] == ""  # No threshold for an average.
    assert "this run decides with these thresholds" in page


def test_old_runs_without_preprocess_json_have_no_threshold_column(multilabel_run):
    (multilabel_run / layout.PREPROCESS).unlink()
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    assert _rows(_section(page, "classification"))[0] == [
        "Label", "precision", "recall", "F1", "support"]


def test_co_occurrence_counts_pairs_in_the_test_truth(multilabel_run):
    truth = pd.read_csv(multilabel_run / layout.PREDICTIONS)["true"]  # The empty set reads as NaN.
    counts = co_occurrence(truth, LABELS)
    #                 red blue shirt pants evil
    assert counts.tolist() == [[2, 0, 1, 1, 0],   # red
                               [0, 2, 1, 1, 1],   # blue
                               [1, 1, 2, 0, 1],   # shirt
                               [1, 1, 0, 2, 0],   # pants
                               [0, 1, 1, 0, 1]]   # evil
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    assert 'id="co-occurrence"' in page and "Labels that occur together" in page
    picture = multilabel_run / layout.PLOTS / "co_occurrence.png"
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_wrong_tiles_and_their_wrong_labels_are_marked(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    tiles = _tiles(page)
    assert len(tiles) == len(ROWS)
    right = tiles["photos/red_shirt/0.jpg"]
    assert 'class="wrong"' not in right and 'class="mistake' not in right
    assert "badge" not in right
    wrong = tiles["photos/blue_pants/1.jpg"]
    assert '<figure class="wrong"' in wrong and '<span class="badge">wrong</span>' in wrong
    # True "blue" was missed; "red" and the script label were predicted but are not true:
    # missed and extra labels are marked differently.
    assert re.findall(r'<span class="mistake missed" title="missed">([^<]*)</span>', wrong) == [
        "blue"]
    assert re.findall(r'<span class="mistake extra" title="extra">\+([^<]*)</span>', wrong) == [
        "red", "&lt;script&gt;alert(1)&lt;/script&gt;"]
    assert '<span class="label">pants</span>' in wrong
    nothing_true = tiles["photos/none/4.jpg"]
    assert "true: —" in nothing_true and '<span class="mistake extra" title="extra">+shirt</span>' in nothing_true
    assert "3 of them are not exactly right" in page  # Rows 1, 3 and 4.
    assert "were missed (true, not predicted)" in page


def test_tiles_show_the_colour_photos(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    uris = re.findall(r'<img class="pixels" src="data:image/png;base64,([^"]+)"',
                      _section(page, "predictions"))
    assert len(uris) == len(ROWS)
    for uri, colour in zip(uris, COLOURS):
        picture = Image.open(io.BytesIO(base64.b64decode(uri)))
        assert picture.mode == "RGB" and picture.getpixel((0, 0)) == colour


def test_label_and_file_names_are_escaped(multilabel_run):
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    assert "<script" not in page and EVIL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'title="photos/a&amp;b&lt;i&gt;.jpg"' in page


def test_korean_report_has_the_multilabel_headings(multilabel_run):
    set_language("ko")
    page = build_report(multilabel_run).read_text(encoding="utf-8")
    assert '<html lang="ko">' in page
    for heading in ("확률에서 레이블 집합으로", "함께 나타나는 레이블"):
        assert f"<h2>{heading}</h2>" in page
    assert _rows(_section(page, "classification"))[0][0] == "레이블"
    assert "임계값" in page and "완전 일치" in page and "이진 정확도만 보면" in page
    assert "실제:" in page and "예측:" in page


def test_other_tasks_get_none_of_the_multilabel_parts(multiclass_run):
    page = build_report(multiclass_run).read_text(encoding="utf-8")
    for part in ('id="decodings"', 'id="co-occurrence"', 'class="grid sets"', 'class="mistake"',
                 "threshold</th>", "title=", "Binary accuracy alone"):
        assert part not in page
    assert not (multiclass_run / layout.PLOTS / "co_occurrence.png").exists()
