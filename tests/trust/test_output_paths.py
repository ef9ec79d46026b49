"""Trust (issue 12, point 8): output trouble names the path that failed, the one the user
gave, never a parent or the temporary file written beside it; exit codes per SPEC (2 for
a folder where a file belongs, 1 for a file that cannot be written).

Read-only folders are made with chmod; as root, which writes them anyway, the refusal is
the one the system gives a user (``PermissionError`` naming the file being created).
The run index's paths (``FOURFOLD_HOME`` a file, an unwritable ``HOME``) are tested in
test_damaged_files.py.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest

from fourfold.cli import main
from fourfold.errors import EXIT_FAILURE, EXIT_USAGE, FourfoldError, UsageError
from fourfold.messages import set_language
from fourfold.runs import layout
from fourfold.runs import status as run_status

pytestmark = pytest.mark.xdist_group("trust")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def read_only(folder: Path, monkeypatch) -> None:
    """Make ``folder`` refuse new files, as it does for a user who may not write it."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_mkstemp, real_mkdir = tempfile.mkstemp, Path.mkdir

    def refused(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def mkstemp(*args, dir=None, prefix="tmp", suffix="", **kwargs):
        if dir is not None and Path(dir) == folder:
            refused(Path(dir) / f"{prefix}xxxxxx{suffix}")
        return real_mkstemp(*args, dir=dir, prefix=prefix, suffix=suffix, **kwargs)

    def mkdir(self, *args, **kwargs):
        if self.parent == folder:
            refused(self)
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.fixture
def saved_run(tmp_path):
    """A complete regression run of two columns: a Keras model and its preprocess.json."""
    keras = pytest.importorskip("keras")
    run_dir = tmp_path / "rows-20260101T000000Z"
    run_dir.mkdir()
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.save(run_dir / layout.MODEL)
    (run_dir / layout.PREPROCESS).write_text(json.dumps({
        "schema": 1, "task": "regression", "class_names": [],
        "input": {"kind": "table", "shape": [2], "feature_names": ["a", "b"]},
        "scaler": {"kind": "none"}, "thresholds": None}))
    run_status.write_status(run_dir, run_status.COMPLETE)
    rows = tmp_path / "rows.csv"
    rows.write_text("a,b\n1,2\n3,4\n")
    return run_dir, rows


def test_predict_out_onto_a_folder_is_exit_2_naming_it(saved_run, tmp_path, capsys):
    run_dir, rows = saved_run
    folder = tmp_path / "predictions"
    folder.mkdir()
    code = main(["predict", str(run_dir), str(rows), "--out", str(folder)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err == (f"error: {folder} is a folder; give the path of a file to write (for "
                   f"example {folder / 'predictions.csv'}).\n")
    assert list(folder.iterdir()) == []


def test_predict_out_into_a_read_only_folder_names_the_file(saved_run, tmp_path, capsys,
                                                            monkeypatch):
    run_dir, rows = saved_run
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder, monkeypatch)
    try:
        code = main(["predict", str(run_dir), str(rows), "--out", str(folder / "p.csv")])
    finally:
        folder.chmod(0o755)
    err = capsys.readouterr().err
    assert code == EXIT_FAILURE
    assert err == f"error: Cannot write {folder / 'p.csv'}: Permission denied.\n"
    assert list(folder.iterdir()) == []  # no temporary file left behind


def test_predict_out_works(saved_run, tmp_path, capsys):
    run_dir, rows = saved_run
    out = tmp_path / "new" / "p.csv"
    assert main(["predict", str(run_dir), str(rows), "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0].startswith("input,")


def test_run_out_a_read_only_folder_names_it(tmp_path, capsys, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(40)))
    out = tmp_path / "runs"
    out.mkdir()
    read_only(out, monkeypatch)
    try:
        code = main(["run", str(table), "--target", "y", "--out", str(out), "--quiet"])
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err
    assert code == EXIT_FAILURE
    assert f"Cannot write to the output folder {out}: Permission denied" in err
    assert "Traceback" not in err and list(out.iterdir()) == []


def test_write_atomic_names_the_file_not_its_temporary_file(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder, monkeypatch)
    try:
        with pytest.raises(PermissionError) as caught:
            layout.write_atomic(folder / "status.json", "{}")
    finally:
        folder.chmod(0o755)
    assert caught.value.filename == str(folder / "status.json")
    with pytest.raises(IsADirectoryError) as caught:
        layout.write_atomic(folder, "{}")
    assert caught.value.filename == str(folder)


def test_write_output_errors_name_the_path(tmp_path, monkeypatch):
    with pytest.raises(UsageError) as caught:
        layout.write_output(tmp_path, "x", example="submission.csv")
    assert str(caught.value) == (f"{tmp_path} is a folder; give the path of a file to write "
                                 f"(for example {tmp_path / 'submission.csv'}).")
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder, monkeypatch)
    try:
        with pytest.raises(FourfoldError) as caught:
            layout.write_output(folder / "submission.csv", "id,is_iceberg\n")
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"Cannot write {folder / 'submission.csv'}: Permission denied."
    assert caught.value.exit_code == EXIT_FAILURE
