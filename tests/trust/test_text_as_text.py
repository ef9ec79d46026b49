"""Trust (issue 12, point 9): text from data and recipes prints as text.

Class names with rich markup, HTML and an escape sequence show literally in the
terminal (the escape written as ``\\x1b``, never obeyed) and escaped in report.html;
library warnings never reach the terminal; a number too large for its column is a data
error naming row and column.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd
import pytest

from fourfold.cli import library_warnings_kept, main
from fourfold.messages import set_language
from fourfold.printable import printable
from fourfold.runs import layout

pytestmark = pytest.mark.xdist_group("text-as-text")

NAMES = ["[bold]x[/bold]", "<script>alert(1)</script>", "a\x1b[31mb"]
SHOWN = ["[bold]x[/bold]", "<script>alert(1)</script>", "a\\x1b[31mb"]


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _table(folder, rows: int = 60):
    generator = np.random.default_rng(0)
    frame = pd.DataFrame({"a": generator.normal(size=rows), "b[red]": generator.normal(size=rows),
                          "y": [NAMES[i % 3] for i in range(rows)]})
    path = folder / "names.csv"
    frame.to_csv(path, index=False)
    frame.drop(columns="y").head(2).to_csv(folder / "rows.csv", index=False)
    return path


@pytest.mark.slow
def test_names_print_literally_and_are_escaped_in_the_report(tmp_path, capsys):
    table = _table(tmp_path)
    code = main(["run", str(table), "--target", "y", "--epochs", "1", "--out",
                 str(tmp_path / "runs")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Warning" not in err and "warn" not in err.lower()  # no library warnings
    assert "\x1b[31m" not in out + err
    (run_dir,) = (tmp_path / "runs").iterdir()

    code = main(["predict", str(run_dir), str(tmp_path / "rows.csv")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "\x1b" not in out and "top 3: " in out  # each row's classes, literally
    assert all(name in out for name in SHOWN)

    code = main(["inspect", str(table), "--target", "y"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "\x1b" not in out and "b[red]" in out
    assert all(name in out for name in SHOWN)

    page = (run_dir / layout.REPORT).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "a\\x1b[31mb" in page and "[bold]x[/bold]" in page


def test_printable_shows_control_characters_and_keeps_the_rest():
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("[bold]x[/bold] <b>한글</b>") == "[bold]x[/bold] <b>한글</b>"
    assert printable("right\u202eto left") == "right\\u202eto left"
    assert printable("bell\x07 del\x7f c1\x9b") == "bell\\x07 del\\x7f c1\\x9b"
    assert printable("two\nlines\r") == "two\\nlines\\r"
    assert printable("two\nlines\tok", newlines=True) == "two\nlines\tok"


def test_library_warnings_and_log_lines_never_reach_the_terminal(capsys):
    with library_warnings_kept() as kept:
        warnings.warn("Glyph 27 missing from font(s) DejaVu Sans.", UserWarning)
        np.log(np.zeros(1))  # RuntimeWarning: divide by zero
        logging.getLogger("matplotlib").warning("Matplotlib created a temporary cache")
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    assert [type(w.message).__name__ for w in kept] == ["UserWarning", "RuntimeWarning"]


def test_overflowing_numbers_are_a_data_error_naming_row_and_column(tmp_path, capsys):
    rows = "".join(f"{i},{i % 7},{'yes' if i % 2 else 'no'}\n" for i in range(30))
    table = tmp_path / "big.csv"
    table.write_text("a,b,y\n" + rows + "1e400,3,yes\n")
    code = main(["run", str(table), "--target", "y", "--out", str(tmp_path / "runs")])
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 3
    assert (f"{table}, row 31, column 'a': the number is infinite or too large for a 64-bit "
            "float") in err
    table.write_text("a,b,y\n" + rows + "3,99999999999999999999999,yes\n")
    code = main(["run", str(table), "--target", "y", "--out", str(tmp_path / "runs")])
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 3
    assert (f"{table}, row 31, column 'b': 99999999999999999999999 is too large for a 64-bit "
            "number") in err
    assert not (tmp_path / "runs").exists()
