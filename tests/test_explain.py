"""`fourfold explain`: the chapter's softmax-versus-sigmoid lesson on any scores."""

from __future__ import annotations

import numpy as np
import pytest

from fourfold.cli import main
from fourfold.explain import EXAMPLE_SCORES, explain
from fourfold.messages import set_language


def test_softmax_sums_to_one_and_sigmoid_judges_each_score_alone():
    lesson = explain("softmax", [3.1, 3.0, 2.9])
    np.testing.assert_allclose(lesson.softmax, [0.3671654, 0.33222499, 0.30060961], rtol=1e-6)
    np.testing.assert_allclose(lesson.sigmoid, [0.95689275, 0.95257413, 0.94784644], rtol=1e-6)
    assert lesson.softmax.sum() == pytest.approx(1.0)
    assert lesson.tasks == ("multiclass",)
    assert explain("sigmoid", [0.0]).tasks == ("binary", "multilabel")


def test_raising_one_score_lowers_every_other_softmax_and_no_other_sigmoid():
    lesson = explain("softmax", [1.0, -2.0, 0.5, 4.0])
    assert lesson.nudged_softmax[0] > lesson.softmax[0]
    assert np.all(lesson.nudged_softmax[1:] < lesson.softmax[1:])
    assert lesson.nudged_sigmoid[0] > lesson.sigmoid[0]
    np.testing.assert_array_equal(lesson.nudged_sigmoid[1:], lesson.sigmoid[1:])


def test_softmax_is_stable_for_large_scores():
    lesson = explain("softmax", [1000.0, 999.0])
    assert np.all(np.isfinite(lesson.softmax)) and lesson.softmax.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("scores", [[], [1.0, float("nan")], [float("inf")]])
def test_no_scores_or_non_finite_ones_are_refused(scores):
    with pytest.raises(ValueError, match="finite numbers"):
        explain("sigmoid", scores)


def test_the_command_shows_both_activations_and_the_rule(capsys):
    assert main(["explain", "softmax", "3.1", "3.0", "2.9", "--names", "burger,pizza,salad"]) == 0
    out = capsys.readouterr().out
    assert "│ burger │   3.1 │  0.3672 │  0.9569 │" in out
    assert "│ sum    │       │  1.0000 │  2.8573 │" in out
    assert "The model picks burger with 0.3672; its score leads the next by 0.10." in out
    assert ("Raise burger's score by 1: its softmax probability goes 0.3672 -> 0.6120 and every "
            "other class loses (pizza 0.3322 -> 0.2037, salad 0.3006 -> 0.1843)") in out
    assert "Softmax serves task multiclass" in out


def test_sigmoid_without_scores_uses_the_chapters_example_and_takes_negative_scores(capsys):
    assert main(["explain", "sigmoid"]) == 0
    out = capsys.readouterr().out
    assert f"using the chapter's example {' '.join(map(str, EXAMPLE_SCORES))}" in out
    assert "3 of 3 are above the 0.5 threshold: class 1, class 2, class 3." in out
    assert "Sigmoid serves tasks binary, multilabel" in out
    assert main(["explain", "sigmoid", "-1.5", "2"]) == 0
    assert "1 of 2 are above the 0.5 threshold: class 2." in capsys.readouterr().out


def test_korean(capsys):
    try:
        assert main(["explain", "softmax", "--lang", "ko"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    assert "소프트맥스: 확률의 합은 1.0000입니다." in out and "클래스 1" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["explain", "softmax", "1", "x"], "'x' is not a finite number."),
    (["explain", "softmax", "1", "inf"], "'inf' is not a finite number."),
    (["explain", "softmax", "1", "2", "--names", "a"], "--names gives 1 name(s) for 2 score(s)."),
])
def test_bad_input_is_exit_2_naming_it(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_activation_is_exit_2_listing_the_choices(capsys):
    assert main(["explain", "relu", "1"]) == 2
    err = capsys.readouterr().err
    assert "softmax" in err and "sigmoid" in err
