"""Acceptance: a local Ray cluster (2 CPUs) runs a 2x2 sweep with 2 folds on a tiny
table and gets the same metrics as the local executor (each trial seeds itself from
its recipe, and both executors call the same trial function)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow]

AXES = ["preprocess.scaler=standard,minmax", "model.hidden_units=[4];[8,4]"]


@pytest.fixture
def ray_cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'fourfold[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _metrics(result) -> dict:
    from fourfold.runs.record_files import RUN_METRICS_FILE

    found = {}
    for trial in result.record.trials:
        record = RUN_METRICS_FILE.read(result.sweep_dir / trial.run)
        found[trial.number] = (record.headline.value, record.headline.std,
                               [row.test["mae"] for row in record.kfold.folds])
    return found


def test_ray_and_local_executors_give_the_same_metrics(ray_cluster, tmp_path):
    from fourfold.recipes import load_recipe
    from fourfold.sweeps import parse_axes, start_sweep
    from tests.sweeps.conftest import write_tiny

    recipe = load_recipe(write_tiny(tmp_path))
    common = {"kfold": 2, "reports": False}
    on_ray = start_sweep(recipe, parse_axes(AXES), executor="ray", out=tmp_path / "ray",
                         **common)
    local = start_sweep(recipe, parse_axes(AXES), executor="local", out=tmp_path / "local",
                        **common)
    assert [trial.status for trial in on_ray.record.trials] == ["complete"] * 4
    assert len(_metrics(on_ray)) == 4
    assert _metrics(on_ray) == _metrics(local)
    # the cluster the caller started is left running
    assert ray_cluster.is_initialized()
