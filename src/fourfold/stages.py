"""The stages of a run, shown to a person while it works.

The library marks each step that can take more than about a second —
importing the engine, loading the data, decoding photos, training, evaluating,
writing the report — with ``with stage(label, total=...)`` and reports progress
with :func:`update`. Whoever shows progress (the CLI, or ``fourfold.run`` with
``show_progress``) installs a display for the duration with :func:`showing`.
Without one (``--quiet``, ``show_progress=False``, a spawned fold worker) every
call here does nothing, so the library never prints on its own.

Two displays: :class:`LiveDisplay` draws one rich progress display on a
terminal (a spinner per running stage; a bar, count, rate and ETA where the
total is known; a tick and the stage's time once it ends). :class:`PlainDisplay`
writes plain lines for pipes and CI logs: one when a stage has run for a second,
one when it ends, and the lines the training prints (:func:`line`). A stage
shorter than :data:`SHOWN_AFTER` leaves no line in either: a quick step, or one
that fails at once, adds nothing around the error message. Stages nest: the one
begun last receives the updates.

Example:
    >>> from fourfold import stages
    >>> with stages.stage("Decoding photos", total=3, unit="photos"):
    ...     for _ in range(3):
    ...         stages.update(advance=1)
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fourfold.messages import text

#: Screen refreshes per second of the live display: smooth enough, cheap on 2 cores.
REFRESHES_PER_SECOND = 8
#: Seconds a stage runs before plain output names it; shorter stages leave no line.
SHOWN_AFTER = 1.0


@dataclass(eq=False)
class _Stage:
    title: str  # what the stage is called when it ends
    label: str  # what it shows while it runs (the training's changes every epoch)
    total: float | None
    unit: str | None
    started: float = field(default_factory=lambda: time.perf_counter())
    completed: float = 0.0
    task: object = None
    announced: bool = False  # (plain output) its first line was written

    def seconds(self) -> float:
        return time.perf_counter() - self.started


class Display:
    """Where stages are reported. This one shows nothing (no display is active)."""

    def __init__(self):
        self.stack: list[_Stage] = []

    def begin(self, label: str, total: float | None = None, unit: str | None = None) -> None:
        """A stage begins; with ``total``, its progress is counted (in ``unit``)."""
        self.stack.append(_Stage(label, label, total, unit))

    def update(self, *, advance: float = 0, completed: float | None = None,
               total: float | None = None, label: str | None = None,
               detail: str | None = None) -> None:
        """Progress of the innermost stage. ``completed`` is clamped to ``total``: a
        counter never shows more done than there is."""
        if not self.stack:
            return
        current = self.stack[-1]
        if total is not None:
            current.total = total
        if label is not None:
            current.label = label
        current.completed = current.completed + advance if completed is None else completed
        if current.total is not None:
            current.completed = min(current.completed, current.total)
        self._draw(current, detail)

    def end(self, completed: bool = True) -> None:
        """The innermost stage ended; ``completed`` False when an error or Ctrl-C cut it
        short (it then leaves no line saying it is done)."""
        if self.stack:
            stage = self.stack.pop()
            if completed:
                self._finish(stage)
            else:
                self._abandon(stage)

    def line(self, message: str) -> None:
        """A line that stays on screen (an epoch's summary)."""

    def close(self) -> None:
        """Stop drawing and show the cursor again; safe to call more than once."""
        self.stack.clear()

    def _draw(self, stage: _Stage, detail: str | None) -> None:
        pass

    def _finish(self, stage: _Stage) -> None:
        pass

    def _abandon(self, stage: _Stage) -> None:
        pass


class PlainDisplay(Display):
    """Plain lines for a file, a pipe or a CI log: no bars, no escape codes.

    A stage is named once it has run for :data:`SHOWN_AFTER` seconds (a timer
    thread writes the line) and again when it ends; a shorter one leaves nothing.

    Args:
        stream: where to write. Defaults to `sys.stderr` at the time of writing.
    """

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream
        self.lock = threading.RLock()  # the timer thread writes too
        self.timers: list = []

    def begin(self, label, total=None, unit=None):
        super().begin(label, total, unit)
        timer = threading.Timer(SHOWN_AFTER, self._announce, args=(self.stack[-1],))
        timer.daemon = True
        self.timers.append(timer)
        timer.start()

    def line(self, message):
        with self.lock:
            stream = self.stream or sys.stderr
            stream.write(message + "\n")
            stream.flush()

    def close(self):
        super().close()
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()

    def _announce(self, stage: _Stage) -> None:
        with self.lock:
            if stage in self.stack and not stage.announced:
                stage.announced = True
                self.line(text("progress.begin", label=stage.title))

    def _finish(self, stage):
        with self.lock:
            if self.timers:
                self.timers.pop().cancel()
            if stage.announced or stage.seconds() >= SHOWN_AFTER:
                self.line(_done_line(stage))

    def _abandon(self, stage):
        with self.lock:
            if self.timers:
                self.timers.pop().cancel()
            stage.announced = True  # no line from a timer now


class LiveDisplay(Display):
    """One rich progress display on a terminal, one row per running stage.

    Args:
        console: a rich console on a terminal (the CLI's stderr console).
    """

    def __init__(self, console):
        super().__init__()
        from rich.progress import Progress, SpinnerColumn, TextColumn

        bar, count, eta = _columns()
        self.console = console
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}", markup=False), bar, count, eta,
            TextColumn("{task.fields[detail]}", markup=False), console=console,
            transient=True, refresh_per_second=REFRESHES_PER_SECOND,
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=True)
        self.progress.start()

    def begin(self, label, total=None, unit=None):
        super().begin(label, total, unit)
        stage = self.stack[-1]
        stage.task = self.progress.add_task(label, total=total, unit=unit, detail="")
        self.progress.refresh()  # drawn at once, however short the stage

    def line(self, message):
        self.progress.console.print(message, markup=False, highlight=False)

    def close(self):
        super().close()
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def _draw(self, stage, detail):
        if self.progress is not None:
            fields = {} if detail is None else {"detail": detail}
            self.progress.update(stage.task, completed=stage.completed, total=stage.total,
                                 description=stage.label, **fields)

    def _finish(self, stage):
        if self.progress is not None:
            self.progress.remove_task(stage.task)
            if stage.seconds() >= SHOWN_AFTER:
                self.line("✓ " + _done_line(stage))

    def _abandon(self, stage):
        if self.progress is not None:
            self.progress.remove_task(stage.task)


def _done_line(stage: _Stage) -> str:
    seconds = stage.seconds()
    if stage.unit and stage.total:
        return text("progress.done_count", label=stage.title, count=int(stage.completed),
                    unit=stage.unit, seconds=seconds)
    return text("progress.done", label=stage.title, seconds=seconds)


def _columns():
    """rich's bar, count and ETA columns, each blank for a stage without a total (made
    here so that importing this module does not import rich's progress machinery)."""
    from rich.progress import BarColumn, ProgressColumn, TimeRemainingColumn
    from rich.text import Text

    class Bar(BarColumn):
        def render(self, task):
            return super().render(task) if task.total is not None else Text("")

    class Count(ProgressColumn):
        """``5,120/11,385 photos  812/s`` for a stage counted in a unit."""

        def render(self, task):
            unit = task.fields.get("unit")
            if not unit or task.total is None:
                return Text("")
            rate = f"  {task.speed:,.0f}/s" if task.speed else ""
            return Text(f"{int(task.completed):,}/{int(task.total):,} {unit}{rate}")

    class Eta(TimeRemainingColumn):
        def render(self, task):
            if task.total is None or task.finished:
                return Text("")
            return Text(text("progress.eta", eta=str(super().render(task))), style="cyan")

    return Bar(bar_width=30), Count(), Eta()


_display: Display = Display()


def active() -> Display:
    """The display stages are reported to now (one that shows nothing, when none is)."""
    return _display


def is_showing() -> bool:
    """Whether a display that shows something is active."""
    return type(_display) is not Display


@contextmanager
def showing(display: Display) -> Iterator[Display]:
    """Report stages to ``display`` until the block ends, then close it (the cursor
    is shown again however the block ends: an error, Ctrl-C)."""
    global _display
    previous, _display = _display, display
    try:
        yield display
    finally:
        _display = previous
        display.close()


def display_for(console, *, quiet: bool = False) -> Display:
    """The display for ``console``: none when ``quiet``, a live one on a terminal, plain
    lines otherwise (a pipe, a file, a CI log)."""
    if quiet:
        return Display()
    if console.is_terminal and not console.is_dumb_terminal:
        return LiveDisplay(console)
    return PlainDisplay(console.file)


@contextmanager
def stage(label: str, total: float | None = None, unit: str | None = None) -> Iterator[None]:
    """A stage of the run on the active display, from the block's start to its end."""
    display = _display
    display.begin(label, total, unit)
    try:
        yield
    except BaseException:
        display.end(completed=False)
        raise
    display.end()


def update(**changes) -> None:
    """Progress of the innermost stage (:meth:`Display.update`)."""
    _display.update(**changes)


def line(message: str) -> None:
    """A line that stays on screen, above the running stages."""
    _display.line(message)


def echo(message: str, console) -> None:
    """Print ``message`` on ``console`` (the CLI's stdout), or above the running stages
    while a live display draws: rich consoles write past rich's stdout proxy, and a line
    printed under the display's feet would be drawn over."""
    if isinstance(_display, LiveDisplay):
        _display.line(message)
    else:
        console.print(message, markup=False, highlight=False)
