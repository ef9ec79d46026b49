"""Recipes: typed, validated descriptions of a run, loaded from YAML."""

from fourfold.recipes.loading import builtin_names, load_recipe, recipe_yaml
from fourfold.recipes.schema import Recipe

__all__ = ["Recipe", "builtin_names", "load_recipe", "recipe_yaml"]
