"""Fashion-MNIST: two textbook models on one split, compared in one report."""

from __future__ import annotations

import pytest

from fourfold import api
from fourfold.recipes import load_recipe

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.xdist_group("fashion")]


def test_both_models_reach_087_and_the_report_compares_them(real_data, tmp_path):
    data = real_data("fashion-mnist")
    result = api.run(load_recipe("fashion-mnist"), data_dir=data, out=tmp_path,
                     show_progress=False)
    members = {member["name"]: member for member in result.metrics["members"]}
    assert set(members) == {"dense-64-32", "dense-128-128-32"}
    for name, member in members.items():
        assert member["headline"]["value"] >= 0.87, name
        assert "onset_epoch" in member["curve"]
        assert (result.run_dir / member["dir"] / "model.keras").is_file()
    assert result.metrics["primary"] in members
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    for name in members:
        assert name in report
    assert "T-shirt/top" in report and "Ankle boot" in report
