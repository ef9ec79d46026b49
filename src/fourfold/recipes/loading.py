"""Load recipes from the built-in YAML files or a user's path, apply ``--set``
overrides, and validate once against :class:`~fourfold.recipes.schema.Recipe`.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fourfold.errors import RecipeError
from fourfold.messages import text
from fourfold.paths import answered
from fourfold.messages.quoting import shorten
from fourfold.recipes.schema import Recipe

_BUILTIN = "builtin"


def builtin_names() -> list[str]:
    """Names of the built-in recipes, sorted."""
    folder = resources.files(__package__) / _BUILTIN
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def recipe_yaml(name: str) -> str:
    """The YAML text of built-in recipe ``name``."""
    if name not in builtin_names():
        raise RecipeError(text("recipe.unknown", name=shorten(name),
                               names=", ".join(builtin_names()))
                          + _did_you_mean(name, builtin_names()))
    return (resources.files(__package__) / _BUILTIN / f"{name}.yaml").read_text(encoding="utf-8")


def load_recipe(name_or_path: str | Path, overrides: list[str] | None = None,
                updates: dict[str, Any] | None = None) -> Recipe:
    """Load, override and validate a recipe.

    Args:
        name_or_path: a built-in recipe name or the path of a YAML file.
        overrides: ``key.path=value`` strings (``--set``); values are YAML.
            Defaults to `None`.
        updates: ``{key.path: value}`` already parsed (``--epochs`` and the
            like), applied after ``overrides``. Defaults to `None`.

    Returns:
        The validated :class:`Recipe`.

    Raises:
        RecipeError: naming the file and the key at fault, and what is allowed.
    """
    source, raw = _read(name_or_path)
    recipe = recipe_from_mapping(raw, source, overrides, updates)
    if answered(Path.is_file, Path(name_or_path)):
        recipe = anchor_paths(recipe, Path(name_or_path).parent)
    return recipe


def recipe_from_mapping(raw: Any, source: str, overrides: list[str] | None = None,
                        updates: dict[str, Any] | None = None) -> Recipe:
    """Apply ``--set`` overrides and updates to a recipe mapping, then validate it.

    Args:
        raw: the recipe as plain data (parsed YAML, or one made from data).
        source: where it came from, for messages.
        overrides: ``key.path=value`` strings. Defaults to `None`.
        updates: ``{key.path: value}`` already parsed. Defaults to `None`.

    Raises:
        RecipeError: naming the source and the key at fault.
    """
    if not isinstance(raw, dict):
        raise RecipeError(text("recipe.not_mapping", source=source))
    automatic = _automatically_named(raw)
    named: set[str] = set()
    for override in overrides or []:
        key, separator, value = override.partition("=")
        if not separator or not key.strip():
            raise RecipeError(text("recipe.bad_set", override=shorten(override)))
        try:
            parsed = parse_yaml(value, f"--set {shorten(key.strip())}") if value.strip() else None
        except yaml.YAMLError as error:
            raise RecipeError(text("recipe.bad_set_value", override=shorten(override),
                                   error=shorten(error))) from None
        _assign(raw, key.strip(), parsed, source)
        named.add(key.strip())
    for key, value in (updates or {}).items():
        _assign(raw, key, value, source)
        named.add(key)
    _rename_automatic(raw, automatic, named)
    try:
        return Recipe.model_validate(raw)
    except ValidationError as error:
        raise RecipeError(_describe(error, source)) from None


def automatic_name(model: Any) -> str | None:
    """The name a model section's architecture gets by default: ``dense-64-32`` for
    Dense hidden layers of 64 and 32 units, ``cnn-16-32-64`` for convolution blocks of
    16, 32 and 64 filters; ``None`` when the section is not a well-formed one (the
    schema then says what is wrong).

    Example:
        >>> automatic_name({"hidden_units": [128, 64]})
        'dense-128-64'
    """
    if not isinstance(model, dict):
        return None
    kind = model.get("kind", "dense")
    sizes = model.get("filters", []) if kind == "cnn" else model.get("hidden_units", [64, 32])
    if kind not in ("dense", "cnn") or not isinstance(sizes, list) or not all(
            isinstance(size, int) and not isinstance(size, bool) for size in sizes):
        return None
    return "-".join([kind, *map(str, sizes)])


def _model_sections(raw: dict) -> dict[str, Any]:
    """The recipe's model sections by the dotted key of each: ``model``, ``compare_with.0``..."""
    sections = {"model": raw.get("model")}
    if isinstance(raw.get("compare_with"), list):
        sections.update({f"compare_with.{index}": model
                         for index, model in enumerate(raw["compare_with"])})
    return sections


def _automatically_named(raw: dict) -> set[str]:
    """The model sections whose ``name`` is the automatic one of their architecture."""
    return {key for key, model in _model_sections(raw).items()
            if isinstance(model, dict) and model.get("name") is not None
            and model.get("name") == automatic_name(model)}


def _rename_automatic(raw: dict, automatic: set[str], named: set[str]) -> None:
    """Give each model section that bore its architecture's automatic name before the
    overrides the automatic name of its architecture after them (``--set
    model.hidden_units=[128,64]`` makes ``dense-64-32`` ``dense-128-64``). A name the
    overrides set (``model.name``, or the whole section) is the user's and stays."""
    for key, model in _model_sections(raw).items():
        if key not in automatic or f"{key}.name" in named or key in named \
                or ("compare_with" in named and key != "model"):
            continue
        new_name = automatic_name(model)
        if new_name is not None:
            model["name"] = new_name


#: The path fields of each way a recipe names the user's own files.
_PATH_FIELDS = {"images": ("train", "test", "validation", "root"), "table": ("train", "test"),
                "folder": ("path",)}


def anchor_paths(recipe: Recipe, folder: Path) -> Recipe:
    """The recipe with the relative paths of ``dataset.images``, ``dataset.table`` or
    ``dataset.folder`` made absolute from ``folder`` (the recipe file's), so that the
    run's ``config.yaml`` works from anywhere."""
    dataset = recipe.dataset
    for section, fields in _PATH_FIELDS.items():
        config = getattr(dataset, section)
        if config is None:
            continue
        anchored = {name: str((folder / value).resolve())
                    for name in fields if (value := getattr(config, name)) is not None}
        dataset = dataset.model_copy(update={section: config.model_copy(update=anchored)})
    return recipe.model_copy(update={"dataset": dataset})


def _read(name_or_path: str | Path) -> tuple[str, Any]:
    path = Path(name_or_path)
    if str(name_or_path) in builtin_names():
        source = text("recipe.source.builtin", name=name_or_path)
        content = recipe_yaml(str(name_or_path))
    elif path.suffix in {".yaml", ".yml"} or answered(Path.exists, path):
        if not answered(Path.is_file, path):
            raise RecipeError(text("recipe.missing_file", path=shorten(path),
                                   names=", ".join(builtin_names())))
        source, content = str(path), _read_text(path)
    else:
        raise RecipeError(text("recipe.unknown", name=shorten(name_or_path),
                               names=", ".join(builtin_names()))
                          + _did_you_mean(str(name_or_path), builtin_names()))
    try:
        return source, parse_yaml(content, source)
    except yaml.YAMLError as error:
        raise RecipeError(text("recipe.bad_yaml", source=source, error=shorten(error))) from None


#: Largest recipe file read, in bytes: the recipe of a table with thousands of columns
#: takes a few hundred kilobytes.
MAX_RECIPE_BYTES = 4 << 20
#: Alias uses (``*name``) one document may make, and the values they may stand for in
#: all. A "billion laughs" document nests aliases so that a few hundred bytes stand for
#: billions of values, which validation and ``config.yaml`` would then write out.
MAX_ALIASES = 100
MAX_ALIAS_VALUES = 10_000
#: Deepest nesting of sections and lists (PyYAML composes recursively).
MAX_DEPTH = 100
#: Longest integer read, in characters.
MAX_DIGITS = 100
#: Explicit tags a recipe may carry: YAML's plain types. Any other (``!!python/...``,
#: ``!!binary``, ``!!set``, ``!custom``) makes something a recipe field never holds.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "seq", "map")}


def parse_yaml(content: str, source: str) -> Any:
    """``yaml.safe_load(content)``, refusing documents a recipe never needs to be.

    Args:
        content: the YAML text.
        source: where it came from (a file, ``--set KEY``), for messages.

    Returns:
        The plain data (dicts, lists, strings, numbers, booleans, ``None``).

    Raises:
        RecipeError: for aliases used more than :data:`MAX_ALIASES` times or
            standing for more than :data:`MAX_ALIAS_VALUES` values, an alias
            inside its own anchor, nesting deeper than :data:`MAX_DEPTH`, or a tag
            other than YAML's plain types, naming ``source``.
        yaml.YAMLError: when ``content`` is not YAML.
    """
    loader = _BoundedLoader(content)
    try:
        return loader.get_single_data()
    except _Refused as refused:
        raise RecipeError(text(refused.key, source=source, **refused.fields)) from None
    except ValueError as error:  # a plain value that looks like a date but is not one
        raise RecipeError(text("recipe.yaml_bad_value", source=source,
                               error=shorten(error))) from None
    finally:
        loader.dispose()


class _Refused(Exception):
    """A document :func:`parse_yaml` refuses: a message key and its fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, counting while it composes what aliases stand for.

    PyYAML composes an alias as the very node it names, so a document of nested
    aliases is small in memory; what explodes is every later walk over the data
    (validation, ``yaml.safe_dump``). Counting at composition refuses the document
    before anything walks it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._alias_uses = 0
        self._alias_values = 0
        self._open_anchors: list[str] = []
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._count_alias(event.anchor)
            return super().compose_node(parent, index)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            raise _Refused("recipe.yaml_tag",
                           tag=shorten(tag.replace("tag:yaml.org,2002:", "!!"), 60))
        if len(self._open_anchors) >= MAX_DEPTH:
            raise _Refused("recipe.yaml_too_deep", limit=MAX_DEPTH)
        self._open_anchors.append(getattr(event, "anchor", None))
        try:
            return super().compose_node(parent, index)
        finally:
            self._open_anchors.pop()

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        """An integer of at most :data:`MAX_DIGITS` digits (``int()`` of a long one takes
        time quadratic in its length, and Python refuses more than 4,300 digits)."""
        if len(node.value) > MAX_DIGITS:
            raise _Refused("recipe.yaml_long_number", digits=len(node.value), limit=MAX_DIGITS)
        return self.construct_yaml_int(node)

    def _count_alias(self, anchor: str) -> None:
        if anchor not in self.anchors:
            return  # PyYAML's own "found undefined alias" follows
        if anchor in self._open_anchors:
            raise _Refused("recipe.yaml_recursive_alias", anchor=shorten(anchor, 60))
        self._alias_uses += 1
        self._alias_values += self._size(self.anchors[anchor])
        if self._alias_uses > MAX_ALIASES:
            raise _Refused("recipe.yaml_too_many_aliases", limit=MAX_ALIASES)
        if self._alias_values > MAX_ALIAS_VALUES:
            raise _Refused("recipe.yaml_alias_expansion", limit=MAX_ALIAS_VALUES)

    def _size(self, node: yaml.Node) -> int:
        """Values ``node`` stands for, its aliases written out (each node counted once per
        path to it, remembered per node so that a nested bomb costs its distinct nodes)."""
        known = self._sizes.get(id(node))
        if known is None:
            if isinstance(node, yaml.SequenceNode):
                known = 1 + sum(self._size(child) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                known = 1 + sum(self._size(key) + self._size(value) for key, value in node.value)
            else:
                known = 1
            self._sizes[id(node)] = known
        return known


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_bounded_int)


def _read_text(path: Path) -> str:
    """The recipe file's text: at most :data:`MAX_RECIPE_BYTES`, UTF-8 (a byte-order mark
    is fine)."""
    try:
        with path.open("rb") as file:
            content = file.read(MAX_RECIPE_BYTES + 1)
    except OSError as error:
        raise RecipeError(text("recipe.unreadable", source=shorten(path),
                               error=error.strerror or error)) from None
    if len(content) > MAX_RECIPE_BYTES:
        raise RecipeError(text("recipe.too_large", source=shorten(path), limit=MAX_RECIPE_BYTES))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecipeError(text("recipe.not_utf8", source=shorten(path), position=error.start,
                               byte=f"0x{content[error.start]:02x}")) from None


def _assign(raw: dict, dotted: str, value: Any, source: str) -> None:
    """Set ``raw[a][b][c] = value`` for ``dotted == "a.b.c"``; digits index lists."""
    parts = dotted.split(".")
    node: Any = raw
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not (part.isdigit() and len(part) <= 9 and int(part) < len(node)):
                raise RecipeError(text("recipe.bad_index", key=shorten(dotted), part=shorten(part),
                                       size=len(node)))
            key: Any = int(part)
        elif isinstance(node, dict):
            key = part
            if not last and node.get(part) is None:
                node[part] = {}
        else:
            raise RecipeError(text("recipe.not_section", key=shorten(dotted),
                                   part=shorten(".".join(parts[:depth])), source=source))
        if last:
            node[key] = value
        else:
            node = node[key]


def _describe(error: ValidationError, source: str) -> str:
    """One line per problem: the key, what is allowed, what was found."""
    lines = []
    for problem in error.errors():
        location = shorten(".".join(str(part) for part in problem["loc"]) or "(top level)")
        if problem["type"] == "extra_forbidden":
            allowed = _allowed_keys(problem["loc"][:-1])
            lines.append(text("recipe.unknown_key", source=source, key=location,
                              allowed=", ".join(allowed))
                         + _did_you_mean(str(problem["loc"][-1]), allowed))
        elif problem["type"] == "missing":
            lines.append(text("recipe.missing_key", source=source, key=location))
        elif problem["type"] == "value_error" and isinstance(problem.get("input"), dict):
            # a section's own rule (options that contradict each other): the section is
            # named, not echoed
            lines.append(text("recipe.bad_section", source=source, key=location,
                              problem=_problem(problem)) if problem["loc"]
                         else text("recipe.bad_recipe", source=source, problem=_problem(problem)))
        else:
            lines.append(text("recipe.bad_value", source=source, key=location,
                              problem=_problem(problem), value=shorten(repr(problem.get("input"))))
                         + _literal_suggestion(problem))
    return "\n".join(lines)


def _problem(problem: dict) -> str:
    """Pydantic's message, without the "Value error, " it puts before the schema's own."""
    error = problem.get("ctx", {}).get("error")
    return str(error) if problem["type"] == "value_error" and error is not None else problem["msg"]


def _literal_suggestion(problem: dict) -> str:
    """" Did you mean 'adam'?" for a misspelt choice (``optimizer: adma``), else ``""``."""
    if problem["type"] != "literal_error" or not isinstance(problem.get("input"), str):
        return ""
    choices = re.findall(r"'([^']*)'", problem.get("ctx", {}).get("expected", ""))
    return _did_you_mean(problem["input"], choices)


def _did_you_mean(name: str, choices: list[str]) -> str:
    """" Did you mean 'x'?" naming the closest of ``choices`` (:mod:`difflib`), else ``""``."""
    close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.75)
    return text("recipe.did_you_mean", suggestion=close[0]) if close else ""


def _allowed_keys(location: tuple) -> list[str]:
    """Field names allowed at ``location`` in the schema."""
    model: type[BaseModel] = Recipe
    for part in location:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), model)
    return list(model.model_fields)
