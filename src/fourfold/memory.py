"""Keep a training process's resident memory from creeping up.

Streamed photo batches are allocated and freed hundreds of times an epoch by
Keras' data threads, and every thread that allocates gets its own glibc heap
("arena"), each holding on to freed memory: the resident size of the apparel
recipe grew by about 170 MiB that way. Two arenas serve a 2-core machine as
well with far less memory held (the effect of ``MALLOC_ARENA_MAX=2``, set here
at run time). Measured in BENCHMARKS.md.
"""

from __future__ import annotations

import ctypes
import sys

#: glibc's ``mallopt`` parameter number of ``M_ARENA_MAX`` (malloc.h).
M_ARENA_MAX = -8
ARENAS = 2


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
