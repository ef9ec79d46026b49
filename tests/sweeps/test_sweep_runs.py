"""Sweeps that train (a 120-row table, 2 epochs, tiny nets): the sweep folder's layout,
results ranked by the headline metric, the page, resuming (complete trials skipped, a
trial cut short continued by its run's own resume), Optuna sampling."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from fourfold.messages import set_language
from fourfold.runs import layout
from fourfold.runs.record_files import RUN_METRICS_FILE, STATUS_FILE
from fourfold.sweeps import SWEEP_FILE, SWEEP_PAGE, read_sweep
from tests.sweeps.conftest import sweep_cli

GRID = ["--grid", "preprocess.scaler=standard,minmax", "--grid", "model.hidden_units=[4]"]


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """One CLI sweep of two trials with 2 folds each: its folder and what it printed."""
    folder = tmp_path_factory.mktemp("sweep")
    _tiny_table(folder)
    capture = _Capture()
    code, out, err = sweep_cli(capture, str(folder / "tiny.yaml"), *GRID, "--kfold", "2",
                               "--out", str(folder / "sweeps"))
    assert (code, err) == (0, ""), err
    (sweep_dir,) = (folder / "sweeps").iterdir()
    return sweep_dir, out


@pytest.mark.slow
def test_the_sweep_folder_holds_sweep_json_the_page_and_one_run_folder_per_trial(swept):
    sweep_dir, out = swept
    assert sweep_dir.name.startswith("tiny-sweep-")
    assert sorted(p.name for p in sweep_dir.iterdir()) == [".lock", SWEEP_PAGE, SWEEP_FILE,
                                                           "trials"]
    record = read_sweep(sweep_dir)
    assert record.status == "complete" and record.kfold == 2
    assert record.grid == {"preprocess.scaler": ["standard", "minmax"],
                           "model.hidden_units": [[4]]}
    for number, trial in enumerate(record.trials, 1):
        assert trial.folder == f"trials/trial-{number:03d}"
        run_dir = sweep_dir / trial.run
        assert run_dir.parent == sweep_dir / trial.folder
        assert STATUS_FILE.read(run_dir).status == "complete"
        metrics = RUN_METRICS_FILE.read(run_dir)
        assert metrics.kfold.n_splits == 2 and (run_dir / layout.REPORT).is_file()
        assert trial.headline.value == metrics.headline.value
        assert trial.headline.std == metrics.headline.std
        config = (run_dir / layout.CONFIG).read_text()
        assert f"scaler: {trial.settings['preprocess.scaler']}" in config
    assert f"Sweep of tiny: 2 trial(s) in {sweep_dir}" in out
    assert f"Results page: {sweep_dir / SWEEP_PAGE}" in out


@pytest.mark.slow
def test_results_are_ranked_by_the_headline_metric_with_mean_and_std(swept):
    sweep_dir, out = swept
    record = read_sweep(sweep_dir)
    values = {trial.number: trial.headline.value for trial in record.trials}
    validation = {trial.number: trial.headline.validation for trial in record.trials}
    assert all(value is not None for value in validation.values())  # the out-of-fold MAE
    order = sorted(validation, key=validation.get)  # MAE: lower is better
    table = out[out.index("best first"):]
    positions = [table.index(f"{values[number]:.4f} ±") for number in order]
    assert positions == sorted(positions)
    best = record.trials[order[0] - 1]
    assert (f"Best by validation: trial {best.number} (preprocess.scaler="
            f"{best.settings['preprocess.scaler']}, model.hidden_units=[4]): validation mae "
            f"{best.headline.validation:.4f}, test mae {best.headline.value:.4f} ± "
            f"{best.headline.std:.4f}") in out
    page = (sweep_dir / SWEEP_PAGE).read_text()
    assert page.index('id="sweep-results"') < page.index('id="differences"')
    assert page.index(f"{values[order[0]]:.4f} ±") < page.index(f"{values[order[1]]:.4f} ±")
    assert f'href="{record.trials[0].run}/report.html"' in page


@pytest.mark.slow
def test_resume_skips_complete_trials_and_continues_one_cut_short(swept, tmp_path):
    sweep_dir = shutil.copytree(swept[0], tmp_path / swept[0].name)
    record = read_sweep(sweep_dir)
    first, second = (sweep_dir / trial.run for trial in record.trials)
    before = second / layout.METRICS
    expected = RUN_METRICS_FILE.read(second).headline
    # trial 2 as a killed worker leaves it: its run says running (by a dead process)
    status = STATUS_FILE.read(second)
    STATUS_FILE.write(second, status.model_copy(update={"status": "running", "pid": 2 ** 22 + 1}))
    data = json.loads((sweep_dir / SWEEP_FILE).read_text())
    data["status"], data["trials"][1]["status"] = "running", "running"
    (sweep_dir / SWEEP_FILE).write_text(json.dumps(data))
    untouched = (first / layout.METRICS).stat().st_mtime_ns
    before.unlink()

    code, out, err = sweep_cli(_Capture(), "--resume", str(sweep_dir))
    assert (code, err) == (0, "")
    assert "1 trial(s) already complete: skipped." in out
    assert (first / layout.METRICS).stat().st_mtime_ns == untouched
    resumed = read_sweep(sweep_dir)
    assert resumed.status == "complete"
    assert [trial.status for trial in resumed.trials] == ["complete", "complete"]
    assert resumed.trials[1].run == record.trials[1].run  # the same run folder, resumed
    assert RUN_METRICS_FILE.read(second).headline.value == pytest.approx(expected.value,
                                                                          rel=1e-6)


@pytest.mark.slow
def test_optuna_samples_distinct_trials(tmp_path):
    pytest.importorskip("optuna")
    from fourfold.recipes import load_recipe
    from fourfold.sweeps import parse_axes, start_sweep

    _tiny_table(tmp_path)
    result = start_sweep(load_recipe(tmp_path / "tiny.yaml"),
                         parse_axes(["preprocess.scaler=standard,minmax,none",
                                     "model.hidden_units=[4];[8]"]),
                         search="optuna", trials=2, out=tmp_path / "sweeps", reports=False)
    trials = result.record.trials
    assert [trial.status for trial in trials] == ["complete", "complete"]
    assert trials[0].settings != trials[1].settings
    assert result.record.trials_wanted == 2 and result.record.search == "optuna"


@pytest.mark.parametrize("package, argv", [
    ("optuna", ["--search", "optuna", "--trials", "2"]),
    ("ray", ["--executor", "ray"]),
])
def test_a_missing_extra_says_how_to_install_it(capsys, monkeypatch, tiny_recipe, tmp_path,
                                                package, argv):
    set_language("en")
    monkeypatch.setitem(sys.modules, package, None)  # import fails
    code, out, err = sweep_cli(capsys, str(tiny_recipe), *GRID, "--out", str(tmp_path / "s"),
                               *argv)
    assert code == 1
    assert err == (f"error: This needs the optional package '{package}', which is not "
                   f"installed. Install it with: pip install 'fourfold[{package}]'\n")
    assert not (tmp_path / "s").exists()


def test_nothing_imports_ray_or_optuna_unless_asked():
    import subprocess

    code = ("import sys, fourfold.cli.sweep_command, fourfold.sweeps, fourfold.sweeps.executors,"
            " fourfold.sweeps.search; print(sorted({'ray', 'optuna', 'keras'} & set(sys.modules)))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout
    assert shown.strip() == "[]"


def _tiny_table(folder):
    from tests.sweeps.conftest import write_tiny

    write_tiny(folder)


class _Capture:
    """capsys for a module-scoped fixture: what the CLI printed, read from Rich's consoles."""

    def __init__(self):
        import io

        from fourfold.cli import common

        self._out, self._err = io.StringIO(), io.StringIO()
        self._consoles = (common.stdout, common.stderr)
        for console, stream in zip(self._consoles, (self._out, self._err)):
            console.file = stream

    def readouterr(self):
        for console in self._consoles:
            console.file = None
        return type("Captured", (), {"out": self._out.getvalue(), "err": self._err.getvalue()})


def test_ctrl_c_leaves_a_resumable_sweep_and_prints_the_command(capsys, monkeypatch,
                                                                tiny_recipe, tmp_path):
    from fourfold.sweeps import executors

    def interrupted(spec):
        raise KeyboardInterrupt

    monkeypatch.setattr(executors, "run_trial", interrupted)
    code, _, err = sweep_cli(capsys, str(tiny_recipe), *GRID, "--out", str(tmp_path / "s"))
    (sweep_dir,) = (tmp_path / "s").iterdir()
    assert code == 130
    assert err == ("Sweep interrupted; finished trials are kept. Resume it with: fourfold sweep "
                   f"--resume {sweep_dir}\n")
    record = read_sweep(sweep_dir)
    assert record.status == "interrupted"
    assert [trial.status for trial in record.trials] == ["pending", "pending"]
