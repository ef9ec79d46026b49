"""Load recipes from the built-in YAML files or a user's path, apply ``--set``
overrides, and validate once against :class:`~fourfold.recipes.schema.Recipe`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fourfold.errors import RecipeError
from fourfold.messages import text
from fourfold.recipes.schema import Recipe

_BUILTIN = "builtin"


def builtin_names() -> list[str]:
    """Names of the built-in recipes, sorted."""
    folder = resources.files(__package__) / _BUILTIN
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def recipe_yaml(name: str) -> str:
    """The YAML text of built-in recipe ``name``."""
    if name not in builtin_names():
        raise RecipeError(text("recipe.unknown", name=name, names=", ".join(builtin_names())))
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
    if Path(name_or_path).is_file():
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
    for override in overrides or []:
        key, separator, value = override.partition("=")
        if not separator or not key.strip():
            raise RecipeError(text("recipe.bad_set", override=override))
        try:
            parsed = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError as error:
            raise RecipeError(text("recipe.bad_set_value", override=override, error=error)) from None
        _assign(raw, key.strip(), parsed, source)
    for key, value in (updates or {}).items():
        _assign(raw, key, value, source)
    try:
        return Recipe.model_validate(raw)
    except ValidationError as error:
        raise RecipeError(_describe(error, source)) from None


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
        source, content = f"built-in recipe {name_or_path}", recipe_yaml(str(name_or_path))
    elif path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise RecipeError(text("recipe.missing_file", path=path, names=", ".join(builtin_names())))
        source, content = str(path), path.read_text(encoding="utf-8")
    else:
        raise RecipeError(text("recipe.unknown", name=name_or_path, names=", ".join(builtin_names())))
    try:
        return source, yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise RecipeError(text("recipe.bad_yaml", source=source, error=error)) from None


def _assign(raw: dict, dotted: str, value: Any, source: str) -> None:
    """Set ``raw[a][b][c] = value`` for ``dotted == "a.b.c"``; digits index lists."""
    parts = dotted.split(".")
    node: Any = raw
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise RecipeError(text("recipe.bad_index", key=dotted, part=part, size=len(node)))
            key: Any = int(part)
        elif isinstance(node, dict):
            key = part
            if not last and node.get(part) is None:
                node[part] = {}
        else:
            raise RecipeError(text("recipe.not_section", key=dotted, part=".".join(parts[:depth]),
                                   source=source))
        if last:
            node[key] = value
        else:
            node = node[key]


def _describe(error: ValidationError, source: str) -> str:
    """One line per problem: the key, what is allowed, what was found."""
    lines = []
    for problem in error.errors():
        location = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        if problem["type"] == "extra_forbidden":
            allowed = _allowed_keys(problem["loc"][:-1])
            lines.append(text("recipe.unknown_key", source=source, key=location,
                              allowed=", ".join(allowed)))
        elif problem["type"] == "missing":
            lines.append(text("recipe.missing_key", source=source, key=location))
        else:
            lines.append(text("recipe.bad_value", source=source, key=location,
                              problem=problem["msg"], value=repr(problem.get("input"))))
    return "\n".join(lines)


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
