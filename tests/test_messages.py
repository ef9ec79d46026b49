"""Every message exists in English and Korean with the same placeholders."""

import string

import pytest

from fourfold.messages import set_language, text
from fourfold.messages.catalog import LANGUAGES


def _fields(template):
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def test_korean_covers_every_english_message_with_the_same_placeholders():
    english, korean = LANGUAGES["en"], LANGUAGES["ko"]
    assert sorted(set(english) - set(korean)) == []
    for key, template in english.items():
        assert _fields(korean[key]) == _fields(template), key


def test_language_switch():
    try:
        set_language("ko")
        assert text("cli.error_prefix") == "오류"
        set_language("en")
        assert text("cli.error_prefix") == "error"
    finally:
        set_language(None)


def test_unknown_language_refused():
    with pytest.raises(ValueError, match="Unknown language 'fr'"):
        set_language("fr")


def test_every_builtin_recipe_has_a_korean_summary():
    from fourfold.messages.ko_recipes import SUMMARIES
    from fourfold.recipes import builtin_names

    assert sorted(SUMMARIES) == builtin_names()


def test_help_examples_are_the_same_commands_in_both_languages():
    english, korean = LANGUAGES["en"], LANGUAGES["ko"]
    for key in (key for key in english if key.startswith("help.examples.")):
        commands = [[line.split("#")[0].rstrip() for line in catalogue[key].splitlines()]
                    for catalogue in (english, korean)]
        assert commands[0] == commands[1], key


def test_metrics_and_baselines_are_named_in_the_language_in_force():
    from fourfold.messages import set_language
    from fourfold.messages.labels import baseline_label, metric_label

    assert baseline_label("majority class") == "majority class"
    assert baseline_label("some new baseline") == "some new baseline"
    set_language("ko")
    try:
        assert baseline_label("majority class") == "다수 클래스"
        assert baseline_label("training mean") == "훈련 평균"
        assert metric_label("accuracy") != "accuracy" and "accuracy" in metric_label("accuracy")
    finally:
        set_language(None)
