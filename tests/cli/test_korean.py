"""`--lang ko` is Korean throughout: every command run on small inputs prints no English
prose (a stop list of words), outside identifiers, paths, code and URLs."""

from __future__ import annotations

import re

import pytest

from fourfold.cli import main
from fourfold.messages import set_language

#: English words that would betray an untranslated line.
STOP = ("epoch", "accuracy", "test", "baseline", "missing", "run", "folder", "train", "class",
        "values", "label", "feature", "scaling", "recipe", "data set", "found", "size", "task",
        "error", "no such", "did you mean", "what it does", "textbook", "imbalance", "rows",
        "get it")


@pytest.fixture(autouse=True)
def reset_language():
    yield
    set_language(None)


def prose(output: str) -> str:
    """``output`` without what may stay English: code in backticks, URLs, paths and file
    names, --options, quoted names, a term given in parentheses after its Korean
    (``정확도 (accuracy)``), words joined by ``-``/``_``/``.`` (identifiers, recipe fields
    such as ``training.epochs``) and words in capitals (``RUN_DIR``, ``FILE``, ``CSV``)."""
    for pattern in (r"`[^`]*`", r"https?://\S+", r"\S*[/\\]\S*", r"\S+\.(?:json|csv|gz|yaml|png)\b",
                    r"\b\w+(?:\.\w+)+\b", r"\b[A-Z][A-Z0-9_]*\b",
                    r"\b\w+[-_]\w+(?:[-_]\w+)*\b", r"--?[\w-]+", r"'[^']*'", r"\([A-Za-z ]+\)",
                    r"\bfourfold \w+"):
        output = re.sub(pattern, " ", output)
    return output


def english_words(output: str) -> list[str]:
    text = prose(output).lower()
    return [word for word in STOP if re.search(rf"\b{re.escape(word)}\b", text)]


def korean(capsys, *argv) -> tuple[int, str]:
    code = main([*argv, "--lang", "ko"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("argv", [
    ["recipes"],
    ["runs"],
    ["explain", "softmax", "3.1", "3.0", "2.9"],
    ["explain", "sigmoid", "1", "-2"],
    ["inspect", "mnist"],
    ["run", "mnsit"],
    ["inspect", "mnsit"],
    ["recipes", "show", "bostn"],
    ["run", "mnist", "--set", "training.epoch=3"],
    ["Inspekt", "mnist"],
], ids=lambda argv: " ".join(argv))
def test_commands_in_korean_print_no_english_prose(capsys, monkeypatch, argv):
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)
    code, output = korean(capsys, *argv)
    assert re.search("[가-힣]", output), output
    assert english_words(output) == [], output


def test_datasets_in_korean_says_how_to_get_each_missing_set(capsys, tmp_path):
    code, output = korean(capsys, "datasets", "--data-dir", str(tmp_path))
    assert code == 0 and english_words(output) == [], output
    assert "데이터 세트" in output and "받는 방법" in output
    assert "https://www.kaggle.com/c/statoil-iceberg-classifier-challenge" in output


@pytest.mark.parametrize("argv", [["predict", "nope", "x.png"], ["report", "nope"]])
def test_run_folder_errors_in_korean(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, output = korean(capsys, *argv)
    assert code == 2 and english_words(output) == [], output


def test_the_stop_list_catches_english():
    assert english_words("Test accuracy: 0.97; baseline (majority class) 0.11") == [
        "accuracy", "test", "baseline"]
    assert english_words("정확도 (accuracy) 0.97, `fourfold run mnist`, runs/mnist-1") == []
