"""Trust (issue 12, point 7): every file fourfold wrote may be damaged, and is named when it is.

One tiny run (a 3-class table, 1 epoch) is made once for the module, over a run index
that is damaged from the start; each test damages one file of a copy of it three ways
(cut off, garbage, valid content of the wrong shape) and runs `report`, `compare`,
`predict` and `runs` on it. A command that reads the file exits 3 naming it and the way
out, never a traceback; one that does not read it still works. The run index is a
cache: damaged, locked, read-only or unreachable, it never stops a run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold.cli import main
from fourfold.messages import set_language
from fourfold.runs import index, layout

pytestmark = pytest.mark.xdist_group("damaged-files")  # one worker builds the module's run

GARBAGE = b"\x89\xff\x00 not what fourfold wrote \xfe\x01" * 8


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The module's run, made over a damaged run index: ``(run folder, home, stderr)``."""
    root = tmp_path_factory.mktemp("damaged-files")
    home = root / "home"
    home.mkdir()
    (home / "index.sqlite").write_bytes(GARBAGE)  # "file is not a database"
    generator = np.random.default_rng(0)
    table = pd.DataFrame({"a": generator.normal(size=60), "b": generator.normal(size=60),
                          "y": generator.choice(["cat", "dog", "owl"], 60)})
    table.to_csv(root / "animals.csv", index=False)
    table.drop(columns="y").head(3).to_csv(root / "rows.csv", index=False)
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOURFOLD_HOME", str(home))
        patch.setenv("FOURFOLD_CACHE", str(home / "cache"))
        patch.setattr("sys.stderr", err)
        code = main(["run", str(root / "animals.csv"), "--target", "y", "--epochs", "1",
                     "--out", str(root / "runs"), "--quiet"])
    assert code == 0, err.getvalue()
    (run_dir,) = (root / "runs").iterdir()
    primary = run_dir / json.loads((run_dir / layout.METRICS).read_text())["members"][0]["dir"]
    generator = np.random.default_rng(1)  # a table run has no pictures: add the report's grid
    np.savez(primary / layout.SAMPLES, train_images=generator.integers(0, 255, (3, 4, 4)),
             train_labels=np.array([0, 1, 2]), test_rows=np.arange(2),
             test_images=generator.integers(0, 255, (2, 4, 4)))
    return run_dir, home, err.getvalue()


@pytest.mark.slow
def test_a_damaged_index_does_not_stop_the_run_and_is_moved_aside(made, capsys, monkeypatch):
    run_dir, home, err = made
    (moved,) = home.glob("index.sqlite.damaged-*")
    assert moved.read_bytes() == GARBAGE
    assert err.count("warning: the run index") == 1
    assert (f"warning: the run index {home / 'index.sqlite'} was damaged (file is not a "
            f"database); it was moved to {moved} and a new one started.") in err
    assert "Traceback" not in err and "Run complete" not in err  # --quiet; summary on stdout
    monkeypatch.setenv("FOURFOLD_HOME", str(home))
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert "complete" in out and "animals" in out


def _primary(run_dir: Path) -> Path:
    metrics = json.loads((run_dir / layout.METRICS).read_text())
    entry = next(m for m in metrics["members"] if m["name"] == metrics["primary"])
    return run_dir / entry["dir"]


def _other_member(run_dir: Path) -> Path:
    metrics = json.loads((run_dir / layout.METRICS).read_text())
    entry = next(m for m in metrics["members"] if m["name"] != metrics["primary"])
    return run_dir / entry["dir"]


#: Each file: where it is, content of the wrong shape, the commands that read it.
FILES = {
    "status.json": (lambda run: run / layout.STATUS,
                    b'{"schema": 2, "status": ["complete"], "started": 7}',
                    {"report", "compare", "predict", "runs"}),
    "config.yaml": (lambda run: run / layout.CONFIG, b"- a list\n- not a recipe\n",
                    {"report", "compare"}),
    "metrics.json": (lambda run: run / layout.METRICS, b'{"schema": 2, "recipe": "t", '
                     b'"task": "multiclass", "members": []}', {"report", "compare", "predict"}),
    "member metrics.json": (lambda run: _other_member(run) / layout.METRICS,
                            b'{"schema": 2, "headline": 0.9}', {"report", "compare"}),
    "preprocess.json": (lambda run: _primary(run) / layout.PREPROCESS,
                        b'{"schema": 2, "task": "multiclass", "class_names": "cat dog owl"}',
                        {"report", "compare", "predict"}),
    "history.csv": (lambda run: _primary(run) / layout.HISTORY, b"when,what\nmonday,2\n",
                    {"report", "compare"}),
    "predictions.csv": (lambda run: _primary(run) / layout.PREDICTIONS,
                        b"row,predicted,confidence\n0,cat,high\n", {"report", "compare"}),
    "samples.npz": (lambda run: _primary(run) / layout.SAMPLES, None, {"report", "compare"}),
    "model.keras": (lambda run: _primary(run) / layout.MODEL, None,
                    {"report", "compare", "predict"}),  # the report's model summary reads it
}


def _wrong_shape(name: str) -> bytes:
    """Valid content of the file's format that is not what fourfold writes there."""
    buffer = io.BytesIO()
    if name == "samples.npz":
        np.savez(buffer, weights=np.zeros(3))
    elif name == "model.keras":
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("config.json", '{"class_name": "NotAModel"}')
    else:
        return FILES[name][1]
    return buffer.getvalue()


def _cut_off(content: bytes) -> bytes:
    """The first half, ending inside a line (a file cut off mid-write)."""
    end = len(content) // 2
    while end > 1 and content[end - 1:end] in (b"\n", b"\r"):
        end -= 1
    return content[:end]


def _damage(path: Path, how: str, name: str) -> None:
    content = path.read_bytes()
    path.write_bytes({"cut off": _cut_off(content), "garbage": GARBAGE,
                      "wrong shape": _wrong_shape(name)}[how])


@pytest.mark.slow
@pytest.mark.parametrize("how", ["cut off", "garbage", "wrong shape"])
@pytest.mark.parametrize("name", list(FILES))
def test_a_damaged_file_is_named_by_every_command_that_reads_it(made, tmp_path, capsys,
                                                                monkeypatch, name, how):
    original, _, _ = made
    run_dir = tmp_path / original.name
    shutil.copytree(original, run_dir)
    intact = tmp_path / "intact" / original.name
    shutil.copytree(original, intact)
    where, _, readers = FILES[name]
    path = where(run_dir)
    _damage(path, how, name)
    monkeypatch.setenv("FOURFOLD_HOME", str(tmp_path / "home"))
    index.record_run(run_dir, recipe="animals", task="multiclass", started="2026-01-01T00:00",
                     status="complete", metric_name="accuracy", metric_value=0.5)
    commands = {
        "report": ["report", str(run_dir)],
        "compare": ["compare", str(intact), str(run_dir), "--out", str(tmp_path / "c.html")],
        "predict": ["predict", str(run_dir), str(original.parent.parent / "rows.csv")],
        "runs": ["runs"],
    }
    for command, argv in commands.items():
        code = main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in err, (command, err)
        if command not in readers:
            assert code == 0, (command, err)
        elif command == "runs":
            assert code == 0 and "unreadable" in out, out
            assert f"{path} is damaged" in out.replace("\n", "")
        else:
            assert code == 3, (command, err)
            message = err.replace("\n", "")
            assert f"error: {path} is damaged: " in message, (command, err)
            assert ("fourfold report" in message or "fourfold run" in message), message


@pytest.mark.slow
def test_the_way_out_is_the_one_for_that_file(made, tmp_path, capsys):
    original, _, _ = made
    run_dir = tmp_path / original.name
    shutil.copytree(original, run_dir)
    history = _primary(run_dir) / layout.HISTORY
    history.write_bytes(_cut_off(history.read_bytes()))
    assert main(["report", str(run_dir)]) == 3
    err = capsys.readouterr().err.replace("\n", "")
    assert (f"delete it and `fourfold report {run_dir}` rebuilds the report without it") in err
    history.unlink()  # the way out works
    assert main(["report", str(run_dir)]) == 0
    model = _primary(run_dir) / layout.MODEL
    model.write_bytes(GARBAGE)
    assert main(["predict", str(run_dir), str(original.parent.parent / "rows.csv")]) == 3
    err = capsys.readouterr().err.replace("\n", "")
    assert f"{model} is damaged: it cannot be loaded as a Keras model in safe mode" in err
    assert f"train again (`fourfold run {run_dir / layout.CONFIG}`)" in err


# The run index: a cache that never stops a run ------------------------------------------


def _record(run_dir: Path) -> None:
    index.record_run(run_dir, recipe="r", task="regression", started="2026-01-01T00:00:00",
                     status="running")


def test_a_locked_index_is_bypassed_with_one_warning(tmp_path, capsys, monkeypatch):
    _record(tmp_path)  # makes the index
    monkeypatch.setattr(index, "BUSY_SECONDS", 0.1)
    holder = sqlite3.connect(index.index_path(), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _record(tmp_path / "a")
        _record(tmp_path / "a")
        err = capsys.readouterr().err
        assert err == (f"warning: the run index {index.index_path()} cannot be written (database "
                       "is locked); this run is not listed by `fourfold runs`, its folder is "
                       "complete without it.\n")
        assert main(["runs"]) == 1
        err = capsys.readouterr().err.replace("\n", "")
        assert f"The run index {index.index_path()} cannot be read: database is locked." in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_fourfold_home_a_file_is_bypassed_by_run_and_named_by_runs(tmp_path, capsys,
                                                                   monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("FOURFOLD_HOME", str(home))
    _record(tmp_path)
    err = capsys.readouterr().err
    assert err.startswith(f"warning: the run index {home / 'index.sqlite'} cannot be written "
                          f"(FOURFOLD_HOME is {home}, a file; it must be a folder)")
    assert main(["runs"]) == 2
    err = capsys.readouterr().err
    assert f"FOURFOLD_HOME is {home}, a file, not a folder" in err.replace("\n", "")
    assert home.read_text() == "not a folder"


def test_an_unwritable_home_is_named_and_bypassed(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    home.write_text("HOME is a file: nothing below it can be made")
    monkeypatch.delenv("FOURFOLD_HOME")
    monkeypatch.setenv("HOME", str(home))
    _record(tmp_path)
    err = capsys.readouterr().err
    expected = home / ".local" / "state" / "fourfold" / "index.sqlite"
    assert err.startswith(f"warning: the run index {expected} cannot be written (")
    assert str(home) in err and err.count("\n") == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes read-only files")
def test_a_read_only_index_is_bypassed(tmp_path, capsys):
    _record(tmp_path)
    path = index.index_path()
    for file in path.parent.iterdir():
        file.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        _record(tmp_path / "b")
        err = capsys.readouterr().err
        assert err.startswith(f"warning: the run index {path} cannot be written (")
    finally:
        path.parent.chmod(0o755)


def test_an_index_table_of_another_shape_is_moved_aside(tmp_path, capsys):
    path = index.index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE runs (name TEXT)")
        connection.execute("INSERT INTO runs VALUES ('x')")
    assert main(["runs"]) == 0
    captured = capsys.readouterr()
    assert "No runs yet" in captured.out
    assert f"warning: the run index {path} was damaged" in captured.err
    _record(tmp_path)
    assert [record.run_dir for record in index.list_runs()] == [str(tmp_path.resolve())]
