"""Keep a training process's resident memory from creeping up.

Streamed photo batches are allocated and freed hundreds of times an epoch by
Keras' data threads, and every thread that allocates gets its own glibc heap
("arena"), each holding on to freed memory: with glibc's default (8 per core) the
apparel recipe peaked at 1.51 GB. Eight arenas hold it at 1.23 GB (the effect of
``MALLOC_ARENA_MAX=8``, set here at run time). Two held it at 1.21 GB but made XLA's
threads wait on each other's heaps: the convolutional recipes' epochs took 15-20%
longer (apparel-cnn 10.4 s against 8.5 s with eight). Measured in BENCHMARKS.md.
"""

from __future__ import annotations

import ctypes
import sys

#: glibc's ``mallopt`` parameter number of ``M_ARENA_MAX`` (malloc.h).
M_ARENA_MAX = -8
ARENAS = 8


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's per-thread heaps at ``arenas``; `False` where the C library is not
    glibc (macOS, musl) and nothing was changed. Threads that already have a heap keep it,
    so call this before Keras starts its threads."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False
