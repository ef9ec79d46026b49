"""`fourfold recipes [show NAME]`: list the built-in recipes or print one."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.errors import UsageError


def register(app: typer.Typer) -> None:
    app.command("recipes")(recipes)


def recipes(
    action: Annotated[Optional[str], typer.Argument(help="'show' to print a recipe.")] = None,
    name: Annotated[Optional[str], typer.Argument(help="The recipe to show.")] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """List the built-in recipes, or print one's YAML with `recipes show NAME`."""
    setup(debug=debug, lang=lang)
    from fourfold.recipes import builtin_names, load_recipe, recipe_yaml

    if action is None:
        for recipe_name in builtin_names():
            recipe = load_recipe(recipe_name)
            stdout.print(f"{recipe_name:<16} {recipe.task:<11} {recipe.description.split('.')[0]}.",
                         markup=False)
        return
    if action != "show" or not name:
        raise UsageError("Use `fourfold recipes` to list recipes or `fourfold recipes show NAME`.")
    stdout.print(recipe_yaml(name), end="", markup=False)
