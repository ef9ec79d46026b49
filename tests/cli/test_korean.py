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


@pytest.mark.parametrize("argv, kept, said", [
    (["run", "--epochs", "abc", "mnist"], "'--epochs'", "'abc'은(는) 정수가 아닙니다"),
    (["run", "--epochs", "0", "mnist"], "'--epochs'", "1 이상이어야 하는데 0입니다"),
    (["run", "--kfold", "1", "mnist"], "'--kfold'", "2 이상이어야 하는데 1입니다"),
    (["run", "--epoch", "3", "mnist"], "'--epoch'", "옵션은 없습니다. '--epochs'을(를) 뜻했나요?"),
    (["run", "mnist", "--quiet=yes"], "'--quiet'", "옵션은 값을 받지 않습니다"),
    (["predict"], "'RUN_DIR'", "인자 'RUN_DIR'이(가) 빠졌습니다"),
    (["explain"], "softmax, sigmoid", "다음 중에서 고르세요"),
    (["explain", "tanh", "1"], "'tanh'", "'softmax', 'sigmoid' 중 하나가 아닙니다"),
    (["run", "mnist", "extra"], "'extra'", "필요 없는 인자가 더 있습니다"),
    (["--bogus"], "'--bogus'", "옵션은 없습니다"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_usage_errors_in_korean_keep_the_names_typed(capsys, argv, kept, said):
    code, output = korean(capsys, *argv)
    assert code == 2, output
    assert kept in output and said in output, output
    assert english_words(output) == [] and "Error" not in output and "Try" not in output, output
    assert not re.search(r"\b(Invalid|Missing|Usage|Got unexpected|No such)\b", output), output


def test_a_usage_error_shows_the_usage_line_and_where_help_is_in_korean(capsys):
    code, output = korean(capsys, "run", "--epochs", "abc", "mnist")
    assert code == 2
    assert output.splitlines() == [
        "사용법: fourfold run [OPTIONS] [RECIPE]",
        "도움말은 'fourfold run --help'로 보세요.",
        "",
        "오류: '--epochs'의 값이 잘못되었습니다: 'abc'은(는) 정수가 아닙니다."]


@pytest.mark.parametrize("argv", [["--lang", "ko", "run", "--epochs", "abc", "mnist"],
                                  ["run", "--epochs", "abc", "mnist"]],
                         ids=["--lang first", "FOURFOLD_LANG"])
def test_usage_errors_follow_the_language_wherever_it_is_chosen(capsys, monkeypatch, argv):
    if "--lang" not in argv:
        monkeypatch.setenv("FOURFOLD_LANG", "ko")
    code = main(argv)
    output = capsys.readouterr().err
    assert code == 2 and "오류: '--epochs'의 값이 잘못되었습니다" in output, output


def test_a_language_not_offered_is_refused_in_the_language_of_the_environment(capsys,
                                                                              monkeypatch):
    monkeypatch.setenv("FOURFOLD_LANG", "ko")
    code = main(["--lang", "fr", "run", "mnist"])
    output = capsys.readouterr().err
    assert code == 2 and english_words(output) == [], output
    assert "오류: '--lang'의 값이 잘못되었습니다: 'fr'은(는) 'en', 'ko' 중 하나가 아닙니다." in output


def test_an_option_without_its_value_in_korean(capsys, monkeypatch):
    monkeypatch.setenv("FOURFOLD_LANG", "ko")  # --lang last would be taken as the value
    code = main(["run", "mnist", "--epochs"])
    output = capsys.readouterr().err
    assert code == 2 and output == "오류: '--epochs' 옵션에는 값이 필요합니다.\n", output


def test_a_path_refused_while_parsing_is_named_in_korean(capsys, tmp_path):
    (tmp_path / "table.csv").write_text("a\n1\n")
    code, output = korean(capsys, "run", "mnist", "--data-dir", str(tmp_path / "table.csv"))
    assert code == 2 and english_words(output) == [], output
    assert f"'{tmp_path / 'table.csv'}'은(는) 파일입니다. 폴더를 주세요." in output
