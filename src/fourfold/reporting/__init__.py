"""Reports from run folders: ``report.html`` and ``plots/*.png`` for one run, and a
page comparing several runs. Everything is read from the run folders alone.
"""

from fourfold.reporting.compare import build_comparison
from fourfold.reporting.html import build_report

__all__ = ["build_comparison", "build_report"]
