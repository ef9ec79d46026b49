"""Ctrl-C and SIGTERM as a request to stop, honoured where stopping is safe.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be when
SIGINT arrives. Inside ``model.fit`` that is often Python code called back from
JAX's C++ (tree flattening, host callbacks), which may turn the exception into
another error or swallow it: the run then ended ``failed``, or went on to
``complete``. So while a model trains, the first signal only records a request
(:func:`requested`), and :class:`~fourfold.training.callbacks.StopOnInterrupt`
raises ``KeyboardInterrupt`` from plain Python at the next batch or epoch
boundary; a second signal raises at once, for a user who does not want to wait.
Outside training the signal raises at once, as Python's default handler does.
SIGTERM (``kill``, a scheduler ending a job) is treated as Ctrl-C.

Signals are per process, so this state is too. Handlers can be installed only
in the main thread; elsewhere these context managers change nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The signals that stop a run: Ctrl-C and a polite ``kill``.
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Interrupts:
    """What this process was asked: whether a stop was requested, and whether a fit
    is running (then the first signal is only recorded)."""

    def __init__(self):
        self.requested = False
        self.deferring = 0
        self.installed = 0
        self.previous: dict[int, object] = {}

    def handle(self, signum, frame) -> None:
        first = not self.requested
        self.requested = True
        if self.deferring and first:
            return  # StopOnInterrupt raises at the next batch boundary
        raise KeyboardInterrupt


_state = _Interrupts()


def requested() -> bool:
    """Whether SIGINT or SIGTERM arrived while :func:`catching_signals` was in force."""
    return _state.requested


def raise_if_requested() -> None:
    """Raise ``KeyboardInterrupt`` if a stop was requested (and maybe swallowed since)."""
    if _state.requested:
        raise KeyboardInterrupt


@contextmanager
def catching_signals() -> Iterator[None]:
    """Handle SIGINT and SIGTERM as described above until the block ends, then put the
    previous handlers back. Nested uses share the outermost one's handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _state.installed:
        _state.requested = False
        _state.previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
        for signum in SIGNALS:
            signal.signal(signum, _state.handle)
    _state.installed += 1
    try:
        yield
    finally:
        _state.installed -= 1
        if not _state.installed:
            for signum, handler in _state.previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextmanager
def deferring_interrupts() -> Iterator[None]:
    """Within the block (a ``model.fit``), the first signal only records a request;
    a :class:`~fourfold.training.callbacks.StopOnInterrupt` callback acts on it. A
    request still pending when the block ends raises ``KeyboardInterrupt`` then."""
    with catching_signals():
        _state.deferring += 1
        try:
            yield
        finally:
            _state.deferring -= 1
        raise_if_requested()
