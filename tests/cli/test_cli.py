"""The command line: exit codes and one-line errors as SPEC says."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import time

import pytest

from fourfold.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_is_instant_and_imports_no_keras():
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; from fourfold.cli import main; code = main(['--help']); "
         "assert 'keras' not in sys.modules and 'jax' not in sys.modules, 'heavy import'; "
         "sys.exit(code)"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "run" in result.stdout and "predict" in result.stdout
    assert time.perf_counter() - started < 30  # generous: only guards against importing Keras


def test_unknown_recipe_is_exit_2_with_one_line(capsys):
    code, out, err = run_cli(capsys, "run", "minst")
    assert code == 2
    assert err.strip().startswith("error: Unknown recipe 'minst'. Built-in recipes:")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_set_is_exit_2_naming_the_key(capsys):
    code, _, err = run_cli(capsys, "run", "mnist", "--set", "training.epoch=3")
    assert code == 2
    assert ("unknown key 'training.epoch'. Allowed here: optimizer, learning_rate, "
            "learning_rate_schedule, epochs") in err


def test_typer_usage_error_is_exit_2(capsys):
    code, _, err = run_cli(capsys, "run", "mnist", "--epochs", "zero")
    assert code == 2 and "Invalid value for '--epochs'" in err


def test_debug_shows_the_traceback(capsys):
    code, _, err = run_cli(capsys, "run", "minst", "--debug")
    assert code == 2 and "Traceback" in err


def _corrupt_mnist(folder):
    mnist = folder / "mnist"
    mnist.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (mnist / f"{name}.gz").write_bytes(gzip.compress(b"\x00\x00\x08\x03" + b"\x00" * 4))
    return folder


def test_bad_data_is_exit_3_and_leaves_no_run_folder(tmp_path, capsys):
    data = _corrupt_mnist(tmp_path / "data")
    code, _, err = run_cli(capsys, "run", "mnist", "--data-dir", str(data), "--out",
                           str(tmp_path / "runs"), "--quiet")
    assert code == 3
    assert "train-images-idx3-ubyte.gz" in err and "Traceback" not in err
    # The data is loaded and checked before the run folder exists: nothing is left behind.
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
    code, out, _ = run_cli(capsys, "runs")
    assert code == 0 and "No runs yet" in out


def test_predict_refuses_a_run_that_is_not_complete(tmp_path, capsys):
    from fourfold.runs.status import write_status

    write_status(tmp_path, "failed", error="boom")
    code, _, err = run_cli(capsys, "predict", str(tmp_path), "digit.png")
    assert code == 1
    assert f"Run {tmp_path} is failed, not complete" in err


def test_recipes_list_and_show(capsys):
    code, out, _ = run_cli(capsys, "recipes")
    assert code == 0 and "mnist" in out and "fashion-mnist" in out and "multiclass" in out
    code, out, _ = run_cli(capsys, "recipes", "show", "mnist")
    assert code == 0 and "hidden_units: [64, 32]" in out
    code, _, err = run_cli(capsys, "recipes", "show", "nope")
    assert code == 2 and "Unknown recipe 'nope'" in err


def test_datasets_lists_where_each_resolves(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)
    code, out, _ = run_cli(capsys, "datasets")
    assert code == 0
    assert "mnist" in out and "embedded" in out  # MNIST resolves from the package
    assert "fashion-mnist" in out
    code, out, _ = run_cli(capsys, "datasets", "--data-dir", str(tmp_path))
    assert code == 0  # a named data folder is the only place looked in: nothing there
    assert "embedded" not in out and "missing" in out


def test_runs_when_there_are_none(capsys):
    code, out, _ = run_cli(capsys, "runs")
    assert code == 0 and "No runs yet" in out


def test_compare_needs_two_runs(tmp_path, capsys):
    code, _, err = run_cli(capsys, "compare", str(tmp_path))
    assert code == 2 and "at least two run folders" in err


def test_unknown_language_is_a_usage_error(capsys):
    code, _, err = run_cli(capsys, "recipes", "--lang", "fr")
    assert code == 2 and "fr" in err


@pytest.mark.parametrize("command", ["run", "predict", "report", "compare", "inspect", "datasets",
                                     "recipes", "runs"])
def test_every_command_has_help(capsys, command):
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0 and "--debug" in out


def _run_folder(folder):
    from fourfold.runs.status import write_status

    folder.mkdir(parents=True)
    write_status(folder, "complete")
    return folder


@pytest.mark.parametrize("command", [["predict"], ["report"]])
def test_a_missing_run_folder_is_exit_2_naming_the_closest(tmp_path, capsys, command):
    _run_folder(tmp_path / "mnist-20260101T000000Z")
    missing = tmp_path / "mnist-20260101T000001Z"
    code, _, err = run_cli(capsys, *command, str(missing), *(["x.png"] if command == ["predict"]
                                                             else []))
    assert code == 2
    assert err.strip() == (f"error: {missing} does not exist. Give a run folder that `fourfold run` "
                           "made (`fourfold runs` lists them). Did you mean "
                           f"'{tmp_path / 'mnist-20260101T000000Z'}'?")


def test_predict_on_a_folder_that_no_run_made_is_exit_2(tmp_path, capsys):
    code, _, err = run_cli(capsys, "predict", str(tmp_path), "x.png")
    assert code == 2
    assert err.strip() == (f"error: {tmp_path} is not a run folder: it has no status.json. Give a "
                           "run folder that `fourfold run` made (`fourfold runs` lists them).")


def test_report_on_the_runs_folder_names_its_newest_run(tmp_path, capsys):
    import os

    older = _run_folder(tmp_path / "runs" / "boston-1")
    newer = _run_folder(tmp_path / "runs" / "apparel-2")
    os.utime(older / "status.json", (1, 1))
    code, _, err = run_cli(capsys, "report", str(tmp_path / "runs"))
    assert code == 2
    assert err.strip() == (f"error: {tmp_path / 'runs'} is not a run folder: it holds 2 run "
                           f"folder(s). Give one of them, for example {newer} (the newest).")
    assert "--resume" not in err


def test_a_file_given_as_the_run_folder_is_exit_2(tmp_path, capsys):
    path = tmp_path / "model.keras"
    path.write_bytes(b"")
    code, _, err = run_cli(capsys, "report", str(path))
    assert code == 2 and err.strip().startswith(f"error: {path} is a file, not a run folder.")


def test_datasets_size_is_every_file_of_the_folder(tmp_path, capsys):
    from fourfold.cli.datasets_command import folder_size, human_size

    boston = tmp_path / "boston"
    boston.mkdir()
    (boston / "boston_house_prices.csv").write_bytes(b"x" * 35_230)
    (boston / "photos").mkdir()
    (boston / "photos" / "a.jpg").write_bytes(b"y" * 1_000)
    assert folder_size(boston) == 36_230
    assert [human_size(size) for size in (512, 35_230, 11_400_000, 80_300_000, 102_000_000)] == [
        "512 B", "35.2 kB", "11.4 MB", "80.3 MB", "102 MB"]
    code, out, _ = run_cli(capsys, "datasets", "--data-dir", str(tmp_path), "--lang", "en")
    assert code == 0 and "36.2 kB" in out.replace("\n", " ")


def test_datasets_says_how_to_get_each_missing_set(tmp_path, capsys):
    code, out, _ = run_cli(capsys, "datasets", "--data-dir", str(tmp_path), "--lang", "en")
    lines = out.splitlines()
    assert code == 0 and [line.split(" — ")[0] for line in lines if " — " in line] == [
        "mnist", "fashion-mnist", "boston", "iceberg", "apparel"]
    iceberg = next(line for line in lines if line.startswith("iceberg — "))
    assert "https://www.kaggle.com/c/statoil-iceberg-classifier-challenge" in iceberg
    assert "<data-dir>/iceberg/train.json" in iceberg


def test_recipes_list_shows_summaries_and_textbook_results(capsys, monkeypatch):
    from fourfold.cli.common import stdout
    from fourfold.recipes import load_recipe

    monkeypatch.setattr(stdout, "_width", 250)  # a wide terminal: one line per recipe

    code, out, _ = run_cli(capsys, "recipes", "--lang", "en")
    flat = " ".join(re.sub("[│┃]", " ", out).split())
    assert code == 0
    assert "recipe task what it does textbook result" in flat
    assert "accuracy 0.97" in flat and "MAE (mean absolute error) 2.26" in flat
    for name in ("mnist", "iceberg"):
        assert " ".join(load_recipe(name).summary.split()[:3]) in flat


def test_resume_of_a_path_that_is_no_run_folder_is_exit_2_saying_what_it_is(tmp_path, capsys):
    assert main(["run", "--resume", str(tmp_path / "nope")]) == 2
    assert f"{tmp_path / 'nope'} does not exist." in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["run", "--resume", str(tmp_path / "empty")]) == 2
    assert "is not a run folder: it has no status.json" in capsys.readouterr().err
