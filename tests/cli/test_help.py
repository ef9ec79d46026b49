"""`--help` teaches and mistakes get help: placeholders and choices instead of Python
types, an example per command, `--version`, commands found whatever their case."""

from __future__ import annotations

import re

import pytest

from fourfold.cli import main, package_version
from fourfold.messages import set_language

COMMANDS = ["run", "predict", "report", "compare", "inspect", "datasets", "recipes", "runs",
            "explain", "sweep"]


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
                           "'explain', 'sweep'. Did you mean 'inspect'?")


def test_an_unknown_command_in_korean(capsys):
    code, _, err = run_cli(capsys, "inspect_data", "--lang", "ko")
    assert code == 2
    assert err.strip() == ("오류: 'inspect_data'이라는 명령은 없습니다. 명령: 'run', 'predict', "
                           "'report', 'compare', 'inspect', 'datasets', 'recipes', 'runs', "
                           "'explain', 'sweep'. 'inspect'을(를) 뜻했나요?")


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


@pytest.mark.parametrize("argv, error", [
    (["run", "--epochs", "abc", "mnist"],
     "error: Invalid value for '--epochs': 'abc' is not a whole number."),
    (["run", "--batch-size", "0", "mnist"],
     "error: Invalid value for '--batch-size': it must be at least 1; got 0."),
    (["run", "--epoch", "3", "mnist"], "error: No such option: --epoch. Did you mean '--epochs'?"),
    (["predict", "runs/x"], "error: Missing argument 'INPUT...'."),
    (["explain"], "error: Missing argument 'softmax|sigmoid'. Choose from: softmax, sigmoid."),
    (["run", "mnist", "one", "two"], "error: Got unexpected extra argument(s): 'one', 'two'."),
])
def test_usage_errors_name_what_was_typed_under_the_usage_line(capsys, argv, error):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    usage, hint, blank, said = err.splitlines()
    assert usage.startswith(f"Usage: fourfold {argv[0]} [OPTIONS]") and blank == ""
    assert hint == f"Try 'fourfold {argv[0]} --help' for help."
    assert said == error


def test_options_but_no_command_lists_the_commands(capsys):
    code, _, err = run_cli(capsys, "--lang", "en")
    assert code == 2
    assert err.splitlines()[-1].startswith("error: Missing command. Commands: 'run', 'predict', ")


def test_an_option_missing_its_value_says_so(capsys):
    code, _, err = run_cli(capsys, "run", "mnist", "--seed")
    assert code == 2 and err == "error: Option '--seed' requires a value.\n"


# --- --help in the language asked for, from the catalogue alone --------------------------

#: English words of --help that would betray an untranslated line (besides test_korean's).
HELP_STOP = ("usage", "arguments", "options", "commands", "examples", "default", "show",
             "print", "write", "override", "table", "column", "model", "message", "exit",
             "language", "the", "and", "with", "your", "of", "to", "a", "or")


def english_in(output: str) -> list[str]:
    from tests.cli.test_korean import STOP, prose

    for code in (rf"(?m)^  (?:{'|'.join(COMMANDS)}) ",  # the command list's names
                 r"(?m)^  fourfold [^#\n]*",  # an example's command (its comment stays)
                 r"\b\w+(?:[,|]\w+)+\b"):  # values as typed (a,b,c) and choices (show|init)
        output = re.sub(code, " ", output)
    words = prose(output).lower()
    return [word for word in (*STOP, *HELP_STOP) if re.search(rf"\b{re.escape(word)}\b", words)]


def help_of(capsys, argv: list[str]) -> str:
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and err == "", err
    return out


HELP_ARGVS = [["--help"], *([command, "--help"] for command in COMMANDS)]


@pytest.mark.parametrize("argv", HELP_ARGVS, ids=" ".join)
def test_help_in_korean_is_wholly_korean(capsys, argv):
    out = help_of(capsys, [*argv, "--lang", "ko"])
    assert out.startswith("사용법: fourfold") and "옵션:" in out
    assert english_in(out) == [], out
    help_line = next(line for line in out.splitlines() if line.lstrip().startswith("--help"))
    assert "이 도움말을 보여 주고 끝냅니다." in help_line


@pytest.mark.parametrize("argv", HELP_ARGVS, ids=" ".join)
def test_help_in_english_has_no_hangul(capsys, argv):
    out = help_of(capsys, argv)
    assert out.startswith("Usage: fourfold") and not re.search("[가-힣]", out), out


@pytest.mark.parametrize("argv", [["--lang", "ko", "run", "--help"],
                                  ["run", "--lang=ko", "--help"]], ids=" ".join)
def test_lang_before_or_after_the_command(capsys, argv):
    out = help_of(capsys, argv)
    assert "에포크 수(training.epochs)를 바꿉니다." in out and english_in(out) == [], out


def test_fourfold_lang_in_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("FOURFOLD_LANG", "ko")
    set_language(None)
    out = help_of(capsys, ["inspect", "--help"])
    assert "학습 전에" not in out  # the long description, not the command list's line
    assert "데이터 세트를 살펴봅니다" in out and english_in(out) == [], out
    commands = help_of(capsys, ["--help"])
    assert "  inspect   학습 전에 데이터 세트를 살펴봅니다." in commands


def test_the_command_list_gives_each_command_its_own_line(capsys):
    out = help_of(capsys, ["--help"])
    listed = out.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == COMMANDS
    assert "  run       Train a recipe's model and write a run folder." in listed
    assert not any(line.endswith("...") for line in listed)


def test_defaults_are_named_in_the_language_in_force(capsys):
    def joined(argv):
        return " ".join(help_of(capsys, argv).split())

    assert "[default: runs]" in joined(["run", "--help"])
    assert "[기본값: runs]" in joined(["run", "--help", "--lang", "ko"])


def _commands():
    """The app's commands as Typer builds them, the app itself first (fresh objects: none
    has been given its help yet)."""
    import typer

    from fourfold.cli import app

    group = typer.main.get_command(app)
    return [group, *group.commands.values()]


def _params(command):
    import typer

    return command.get_params(typer.Context(command))


def test_every_command_and_parameter_has_its_help_in_both_languages():
    from fourfold.cli.common import help_keys
    from fourfold.messages.catalog import LANGUAGES

    missing = []
    for command in _commands():
        for key in (f"help.command.{command.name}",
                    *([] if command.name == "fourfold" else [f"help.short.{command.name}"])):
            missing += [f"{language}: {key}" for language in LANGUAGES
                        if key not in LANGUAGES[language]]
        for param in _params(command):
            keys = help_keys(command.name, param)
            missing += [f"{language}: {command.name} {param.name} ({' or '.join(keys)})"
                        for language in LANGUAGES
                        if not any(key in LANGUAGES[language] for key in keys)]
    assert missing == []


def test_help_texts_live_in_the_catalogue_alone():
    """No help= string or docstring in the code: the catalogue is the one source."""
    written = [f"{command.name} {param.name}" for command in _commands()
               for param in _params(command) if param.help and param.name != "help"]
    assert written == []
    assert [command.name for command in _commands() if command.help] == []


def test_every_help_key_is_used():
    """No text left behind in the catalogue after a parameter is renamed or removed."""
    from fourfold.cli.common import help_keys
    from fourfold.messages.catalog import LANGUAGES

    used = {"help.usage", "help.commands", "help.default"}
    for command in _commands():
        used |= {f"help.command.{command.name}", f"help.short.{command.name}"}
        for param in _params(command):
            used |= set(help_keys(command.name, param))
    catalogued = {key for key in LANGUAGES["en"]
                  if key.startswith(("help.command.", "help.short.", "help.param."))
                  or key in ("help.usage", "help.commands", "help.default")}
    assert catalogued - used == set()


def test_the_help_stop_list_catches_english(capsys):
    """The check above would fail on today's English help, command by command."""
    for argv in HELP_ARGVS:
        assert english_in(help_of(capsys, argv)) != [], argv


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_help_lines_fit_the_screen_in_columns(capsys, monkeypatch, lang):
    """A Hangul syllable takes two columns: Korean help is wrapped as the terminal shows it."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "70")
    for argv in HELP_ARGVS:
        lines = [line for line in help_of(capsys, [*argv, "--lang", lang]).splitlines()
                 if not line.startswith("  fourfold ")]  # examples are kept as written
        assert max(cell_len(line) for line in lines) <= 70, argv
        assert sum(cell_len(line) > 60 for line in lines) >= 1, argv  # wrapped, not short
    assert "\ue000" not in help_of(capsys, ["run", "--help", "--lang", lang])
