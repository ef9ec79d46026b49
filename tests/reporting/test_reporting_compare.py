"""build_comparison: several runs on one page."""

from __future__ import annotations

import re

import pytest

from fourfold.errors import RunFolderError, UsageError
from fourfold.reporting import build_comparison
from fourfold.runs import layout


def test_comparison_of_two_runs(multiclass_run, two_model_run, tmp_path):
    out = tmp_path / "compare" / "compare.html"
    assert build_comparison([multiclass_run, two_model_run], out) == out
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1
    header = page[page.index('id="metrics"'):]
    for label in ("toy-20250101T000000Z / dense-64-32", "fashion-20250101T000000Z / dense-64-32",
                  "fashion-20250101T000000Z / dense-128-128-32"):
        assert label in header
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "0.8600" in page and "0.8000" in page and "0.8333" in page
    assert [p.name for p in out.parent.iterdir()] == ["compare.html"]


def test_comparison_needs_two_runs(multiclass_run, tmp_path):
    with pytest.raises(UsageError, match="at least two"):
        build_comparison([multiclass_run], tmp_path / "compare.html")


def test_comparison_refuses_an_incomplete_run(multiclass_run, regression_run, tmp_path):
    (regression_run / layout.METRICS).unlink()
    with pytest.raises(RunFolderError, match=str(regression_run.name)):
        build_comparison([multiclass_run, regression_run], tmp_path / "compare.html")
    assert not (tmp_path / "compare.html").exists()


def test_compare_out_onto_a_folder_is_exit_2_naming_it(multiclass_run, two_model_run, tmp_path,
                                                       capsys):
    from fourfold.cli import main

    folder = tmp_path / "pages"
    folder.mkdir()
    code = main(["compare", str(multiclass_run), str(two_model_run), "--out", str(folder)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: {folder} is a folder; give the path of a file to write (for example "
        f"{folder / 'compare.html'}).\n")
