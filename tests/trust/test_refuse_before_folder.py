"""Trust: what cannot work is refused before a run folder exists (issue 12, point 6), and a
finished training is kept when its submission cannot be written (point 8).

Data that cannot be found or read, and a recipe that cannot make sense of its data, end
with their exit code and no run folder, no index entry; a read-only ``--submit-to``
leaves a complete run and names the path and the command that writes it later."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from fourfold.cli import main
from fourfold.runs import layout
from fourfold.runs import status as run_status
from tests.support.sar import make_sar_dataset, write_sar_json
from tests.trust.test_inputs import tiny_mnist

pytestmark = pytest.mark.xdist_group("trust")


@pytest.fixture(autouse=True)
def no_data_env(monkeypatch):
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)


def _nothing_made(out, capsys) -> None:
    assert not out.exists() or list(out.iterdir()) == []
    assert main(["runs"]) == 0 and "No runs yet" in capsys.readouterr().out


def test_a_data_folder_without_the_data_set_is_exit_3_and_no_run_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "runs"

    assert main(["run", "mnist", "--data-dir", str(tmp_path / "empty"), "--out", str(out),
                 "--quiet"]) == 3
    err = capsys.readouterr().err
    assert f"data folder {tmp_path / 'empty' / 'mnist'}: the folder does not exist" in err
    assert "is marked failed" not in err and "Traceback" not in err
    _nothing_made(out, capsys)


def test_unreadable_data_is_exit_3_and_no_run_folder(tmp_path, capsys):
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (folder / f"{name}.gz").write_bytes(gzip.compress(b"\x00\x00\x08\x03" + b"\x00" * 4))
    out = tmp_path / "runs"

    assert main(["run", "mnist", "--data-dir", str(tmp_path / "data"), "--out", str(out),
                 "--quiet"]) == 3
    assert "train-images-idx3-ubyte.gz" in capsys.readouterr().err
    _nothing_made(out, capsys)


@pytest.mark.parametrize(("setting", "expected"), [
    ("preprocess.downsample=1000", "preprocess.downsample 1000 is larger than the inputs"),
    ("kfold.n_splits=900", "kfold.n_splits is 900, but there are only 700 training rows"),
])
def test_a_recipe_that_cannot_fit_its_data_is_exit_2_and_no_run_folder(tmp_path, capsys,
                                                                       setting, expected):
    data = tiny_mnist(tmp_path / "data")
    out = tmp_path / "runs"

    assert main(["run", "mnist", "--data-dir", str(data), "--out", str(out), "--quiet",
                 "--set", setting]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    _nothing_made(out, capsys)


@pytest.mark.slow
def test_a_submission_that_cannot_be_written_keeps_the_complete_run(tmp_path, capsys):
    data = tmp_path / "data"
    write_sar_json(data / "iceberg" / "train.json", make_sar_dataset(200, seed=3))
    test_json = write_sar_json(data / "iceberg" / "test.json",
                               make_sar_dataset(20, seed=4, labelled=False))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "submission.csv"  # its folder is a file: it cannot be written (even as root)
    out = tmp_path / "runs"

    code = main(["run", "iceberg", "--data-dir", str(data), "--out", str(out), "--epochs", "1",
                 "--quiet", "--submit-to", str(target)])

    captured = capsys.readouterr()
    err = captured.err
    (run_dir,) = out.iterdir()
    assert code == 1
    assert "Run complete: iceberg" in captured.out and "Test log loss: " in captured.out
    assert (f"The run is complete ({run_dir}; report {run_dir / layout.REPORT}), but its "
            f"submission was not written: Cannot write {target}: ") in " ".join(err.split())
    assert (f"Write it later with: fourfold predict {run_dir} {test_json} --out FILE"
            in " ".join(err.split()))  # the terminal may wrap the line
    assert "Traceback" not in err
    assert run_status.read_status(run_dir) == run_status.COMPLETE
    for name in (layout.METRICS, layout.MODEL, layout.REPORT):
        assert (run_dir / name).is_file()
    assert main(["runs"]) == 0 and "complete" in capsys.readouterr().out

    later = tmp_path / "submission.csv"
    assert main(["predict", str(run_dir), str(test_json), "--out", str(later)]) == 0
    assert list(pd.read_csv(later).columns) == ["id", "is_iceberg"] and len(pd.read_csv(later)) == 20
