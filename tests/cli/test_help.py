"""`--help` teaches and mistakes get help: placeholders and choices instead of Python
types, an example per command, `--version`, commands found whatever their case."""

from __future__ import annotations

import re

import pytest

from fourfold.cli import main, package_version
from fourfold.messages import set_language

COMMANDS = ["run", "predict", "report", "compare", "inspect", "datasets", "recipes", "runs",
            "explain"]


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_not_python_types_and_shows_examples(capsys, command):
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0
    assert not re.search(r"<[a-z\[\]| ]+>|\{[a-z_]+\}", out), out  # <int range>, {run_dir}
    assert "--lang en|ko" in out
    examples = out.split("Examples:\n", 1)[1].splitlines()
    assert examples and all(line.strip().startswith(f"fourfold {command}") for line in examples
                            if line.strip())


def test_predict_usage_line_and_placeholders(capsys):
    _, out, _ = run_cli(capsys, "predict", "--help")
    assert out.splitlines()[0] == "Usage: fourfold predict [OPTIONS] RUN_DIR INPUT..."
    assert "--out FILE" in out and "--root DIR" in out


def test_run_help_shows_numbers_and_choices(capsys):
    _, out, _ = run_cli(capsys, "run", "--help")
    assert out.splitlines()[0] == "Usage: fourfold run [OPTIONS] [RECIPE]"
    for shown in ("--epochs N", "--data-dir DIR", "--target COLUMN", "--drop COLUMN",
                  "--task multiclass|regression|binary|multilabel"):
        assert shown in out


def test_help_in_korean_has_korean_headings(capsys):
    code, out, _ = run_cli(capsys, "report", "--help", "--lang", "ko")
    assert code == 0 and "인자:" in out and "옵션:" in out and "예:" in out


def test_version(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out == f"fourfold {package_version()}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", package_version())


@pytest.mark.parametrize("typed", ["Run", "RECIPES", "Recipes"])
def test_commands_are_found_whatever_their_case(capsys, typed):
    code, out, _ = run_cli(capsys, typed, "--help")
    assert code == 0 and out.startswith(f"Usage: fourfold {typed.lower()} ")


def test_underscore_and_dash_are_the_same_in_a_command():
    from fourfold.cli import _normal

    assert _normal("Inspect_Data") == "inspect-data" and _normal("fashion-MNIST") == "fashion-mnist"


def test_an_unknown_command_names_the_closest(capsys):
    code, out, err = run_cli(capsys, "inspekt", "mnist")
    assert code == 2 and out == ""
    assert err.strip() == ("error: No such command 'inspekt'. Commands: 'run', 'predict', "
                           "'report', 'compare', 'inspect', 'datasets', 'recipes', 'runs', "
                           "'explain'. Did you mean 'inspect'?")


def test_an_unknown_command_in_korean(capsys):
    code, _, err = run_cli(capsys, "inspect_data", "--lang", "ko")
    assert code == 2
    assert err.strip() == ("오류: 'inspect_data'이라는 명령은 없습니다. 명령: 'run', 'predict', "
                           "'report', 'compare', 'inspect', 'datasets', 'recipes', 'runs', "
                           "'explain'. 'inspect'을(를) 뜻했나요?")


def test_nothing_close_suggests_nothing(capsys):
    code, _, err = run_cli(capsys, "zzz")
    assert code == 2 and "Did you mean" not in err


@pytest.mark.parametrize("argv, suggestion", [
    (["run", "mnsit"], "Did you mean 'mnist'?"),
    (["inspect", "mnsit"], "Did you mean 'mnist'?"),
    (["recipes", "show", "bostn"], "Did you mean 'boston'?"),
    (["run", "mnist", "--set", "training.epoch=3"], "Did you mean 'epochs'?"),
    (["run", "mnist", "--set", "dataset.name=fashion_mnist", "--epochs", "1"],
     "Did you mean 'fashion-mnist'?"),
])
def test_names_get_did_you_mean(capsys, tmp_path, argv, suggestion):
    code, _, err = run_cli(capsys, *argv, *(["--out", str(tmp_path)] if argv[0] == "run" else []))
    assert code in (2, 3) and err.strip().endswith(suggestion), err
