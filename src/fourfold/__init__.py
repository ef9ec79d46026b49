"""fourfold: neural networks for the four classic supervised problems.

Public API (imported lazily, so ``import fourfold`` stays light)::

    from fourfold.api import run
    from fourfold.recipes import load_recipe
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
