"""Recipe YAML is read within bounds (issue 12, item 6): a "billion laughs" document, a
file that is not UTF-8, a huge file, tags and deep nesting are refused naming the file, and
no message quotes more than a few hundred characters of what it was given."""

from __future__ import annotations

import time

import pytest

from fourfold.errors import RecipeError
from fourfold.recipes import load_recipe
from fourfold.recipes.loading import MAX_RECIPE_BYTES

RECIPE = "name: digits\ntask: multiclass\ndataset: {name: mnist}\n"


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + f"\ntextbook_folds: {{accuracy: *a{levels}}}\n"


def _refusal(tmp_path, content: str | bytes, name: str = "recipe.yaml") -> tuple[str, str]:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RecipeError) as caught:
        load_recipe(str(path))
    assert caught.value.exit_code == 2
    return str(caught.value), str(path)


def test_a_billion_laughs_document_is_refused_at_once(tmp_path):
    started = time.perf_counter()
    message, path = _refusal(tmp_path, RECIPE + _billion_laughs())
    assert message == (f"{path}: the YAML's aliases (*name) stand for more than 10000 values in "
                       "all; write the values out.")
    assert time.perf_counter() - started < 2


def test_many_cheap_aliases_are_refused_too(tmp_path):
    aliases = ", ".join(["*one"] * 101)
    message, path = _refusal(tmp_path, RECIPE + f"x: &one 1\ny: [{aliases}]\n")
    assert message == f"{path}: the YAML uses more than 100 aliases (*name); write the values out."


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    message, path = _refusal(tmp_path, RECIPE + "textbook_folds: &loop {accuracy: [*loop]}\n")
    assert message == (f"{path}: the YAML alias *loop is used inside its own anchor &loop; write "
                       "the value out.")


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    message, path = _refusal(tmp_path, RECIPE + "x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message == f"{path}: the YAML is nested more than 100 levels deep; a recipe needs a few."


def test_ordinary_aliases_and_merge_keys_still_work(tmp_path):
    path = tmp_path / "shared.yaml"
    path.write_text(RECIPE + "model: &base {name: small, hidden_units: [32]}\n"
                    "compare_with:\n  - {<<: *base, name: wide, hidden_units: [128]}\n"
                    "  - {<<: *base, name: dropout, dropout: 0.2}\n")
    recipe = load_recipe(str(path))
    assert [(m.name, m.hidden_units, m.dropout) for m in recipe.models] == [
        ("small", [32], 0.0), ("wide", [128], 0.0), ("dropout", [32], 0.2)]


def test_aliases_in_a_set_value_are_bounded_naming_the_key():
    document = "{" + _billion_laughs(6).replace("\n", ", ").rstrip(", ") + "}"
    with pytest.raises(RecipeError) as caught:
        load_recipe("mnist", [f"textbook_folds={document}"])
    assert str(caught.value) == ("--set textbook_folds: the YAML's aliases (*name) stand for more "
                                 "than 10000 values in all; write the values out.")


@pytest.mark.parametrize("content, problem", [
    ("name: caf\xe9\n".encode("latin-1"), "byte 9 is 0xe9"),
    (RECIPE.encode("utf-16"), "byte 0 is 0xff"),
])
def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path, content, problem):
    message, path = _refusal(tmp_path, content)
    assert message == f"Recipe file {path} is not UTF-8 text ({problem}). Save it as UTF-8."


def test_a_utf8_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + RECIPE.encode("utf-8"))
    assert load_recipe(str(path)).name == "digits"


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    content = RECIPE + "description: " + "x" * MAX_RECIPE_BYTES + "\n"
    message, path = _refusal(tmp_path, content)
    assert message == (f"Recipe file {path} is larger than 4194304 bytes: a recipe is a short "
                       "YAML file. Check that this is the recipe you meant.")


@pytest.mark.parametrize("value, tag", [
    ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!custom 1", "!custom"),
    ("!!python/name:os.system", "!!python/name:os.system"),
])
def test_tags_are_refused_naming_them(tmp_path, value, tag):
    message, path = _refusal(tmp_path, RECIPE + f"description: {value}\n")
    assert message == (f"{path}: the YAML tag {tag} is not allowed in a recipe; write the value "
                       "plainly (quote it to make it text).")


def test_plain_type_tags_are_fine(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text(RECIPE + "description: !!str 123\nseed: !!int '5'\n")
    recipe = load_recipe(str(path))
    assert (recipe.description, recipe.seed) == ("123", 5)


def test_a_path_too_long_to_look_up_is_a_missing_recipe_file():
    with pytest.raises(RecipeError) as caught:
        load_recipe("x" * 10_000 + ".yaml")
    assert str(caught.value).startswith(f"Recipe file {'x' * 200}… (10005 characters) does not "
                                        "exist. Built-in recipes: ")


def test_a_folder_named_like_a_recipe_is_refused(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(RecipeError, match="folder.yaml does not exist"):
        load_recipe(str(tmp_path / "folder.yaml"))


@pytest.mark.parametrize("override", [
    "training.epochs=" + "9" * 10_000,
    "model.activation=" + "x" * 10_000,
    "training.epochs=[" + "x" * 10_000,
    "x" * 10_000 + "=1",
    "x" * 10_000,
    "model.hidden_units." + "9" * 10_000 + "=1",
])
def test_no_message_quotes_more_than_a_few_hundred_characters_of_a_set_value(override):
    with pytest.raises(RecipeError) as caught:
        load_recipe("mnist", [override])
    message = str(caught.value)
    assert len(message) < 1_000
    assert "x" * 201 not in message and "9" * 201 not in message


@pytest.mark.parametrize("override, message", [
    ("training.epochs=" + "9" * 10_000, "--set training.epochs: a number has 10000 digits, more "
                                        "than the 100 a recipe takes; write a smaller one."),
    ("description=2001-13-45", "--set description: a value cannot be read: month must be in "
                               "1..12. Quote it to make it text."),
])
def test_values_yaml_cannot_construct_are_refused_naming_the_key(override, message):
    with pytest.raises(RecipeError) as caught:
        load_recipe("mnist", [override])
    assert str(caught.value) == message
