"""``sweep.html``: the sweep's results table on top of the compare page of its complete
trials (:func:`fourfold.reporting.build_comparison`: what differs, which generalises
better — judged by validation loss, as the trials are ranked by validation, never by
test —, learning curves, metrics side by side). With fewer than two complete
trials the page is the table alone. Self-contained, like every fourfold page."""

from __future__ import annotations

from pathlib import Path

from fourfold.messages import text
from fourfold.runs import layout
from fourfold.sweeps.record import SWEEP_PAGE, SweepRecord
from fourfold.sweeps.results import ResultsTable, results_table

#: The results section; everything in it is escaped (settings come from the user).
_SECTION = """
<section id="sweep-results">
  <h2>{{ title }}</h2>
  <p class="caption">{{ caption }}</p>
  <div class="scroll">
  <table>
    <tr>{% for column in table.columns %}<th>{{ column }}</th>{% endfor %}<th></th></tr>
    {% for row, trial in rows %}
    <tr{% if loop.first and row[0] %} class="headline"{% endif %}>
      {% for cell in row %}<td>{{ cell }}</td>{% endfor %}
      <td>{% if trial.run %}<a href="{{ trial.run }}/report.html">{{ trial.run }}</a>{% endif %}</td>
    </tr>
    {% endfor %}
  </table>
  </div>
  {% if noise %}<p class="caption">{{ noise }}</p>{% endif %}
</section>
"""

_PAGE = """{% extends "base.html.j2" %}
{% block title %}{{ page_title }}{% endblock %}
{% block body %}<header><h1>{{ page_title }}</h1></header>{{ section }}{% endblock %}
"""


def write_page(sweep_dir: Path, record: SweepRecord) -> Path:
    """Write ``sweep.html`` into ``sweep_dir`` (atomically) and return its path."""
    from markupsafe import Markup

    from fourfold.reporting.html import render_string

    table = results_table(record)
    section = render_string(_SECTION, **_context(record, table))
    runs = [Path(sweep_dir) / trial.run for trial in table.trials
            if trial.status == "complete" and trial.run]
    path = Path(sweep_dir) / SWEEP_PAGE
    if len(runs) >= 2:
        page = _with_compare(runs, Path(sweep_dir), section)
    else:
        page = render_string(_PAGE, page_title=text("sweep.page.title", recipe=record.recipe_name),
                             section=Markup(section))  # rendered and escaped above
    layout.write_atomic(path, page)
    return path


def _context(record: SweepRecord, table: ResultsTable) -> dict:
    from fourfold.messages.labels import metric_label
    from fourfold.sweeps.results import headline_name, noise_text

    return {"title": text("sweep.page.results", recipe=record.recipe_name,
                          count=len(record.trials)),
            "caption": text("sweep.page.caption", metric=metric_label(headline_name(record))),
            "table": table, "rows": list(zip(table.rows, table.trials)),
            "noise": noise_text(record)}


def _with_compare(runs: list[Path], sweep_dir: Path, section: str) -> str:
    """The compare page of ``runs`` with ``section`` after its header."""
    from fourfold.reporting import build_comparison

    scratch = sweep_dir / ".compare.html"
    try:
        page = build_comparison(runs, scratch, by_test=False).read_text(encoding="utf-8")
    finally:
        scratch.unlink(missing_ok=True)
    head, marker, rest = page.partition("</header>")
    return head + marker + section + rest if marker else page.replace("<body>", "<body>" + section)
