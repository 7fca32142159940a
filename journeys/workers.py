"""One function over many items, in order, on every core: how a large folder of records is read and
checked on all the machine's cores rather than one.

Each journey is read, routed and judged on its own, so the work splits by journey with nothing to
share but what the parent process has already loaded (the modules, the kept network and gazetteer).
Workers are forked from the parent, so they start with all of that in memory, shared until written,
and the function they run is inherited rather than sent: only the items and the answers cross between
processes, pickled. Answers come back in the order of the items whatever order the workers finish
in, and an exception raised for an item is raised here when its turn comes, as a loop would.

Where workers cannot be forked (:func:`can_fork`: outside Linux) or one worker is asked for, the
items are worked through here, one after another: the same answers, on one core.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more (forking, sending) than it saves.
MIN_ITEMS = 24

_task: Callable[..., object] | None = None  # the function a forked worker runs, inherited at the fork


def usable_cpus() -> int:
    """The cores this process may run on (its affinity where the system tells it, else the count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not offered outside Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers may be forked here: on Linux. Windows has no ``fork``, and on macOS the system's
    own libraries may not survive one (Python itself stopped forking there by default)."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def worker_count(jobs: int, items: int) -> int:
    """How many workers ``jobs`` means for ``items`` items: 0 is one per usable core; 1 when a pool
    would not pay, or cannot be had (:func:`can_fork`)."""
    wanted = jobs if jobs > 0 else usable_cpus()
    if wanted <= 1 or items < MIN_ITEMS or not can_fork():
        return 1
    return min(wanted, items)


def _install(task: Callable[..., object]) -> None:
    global _task
    _task = task


def _run(item: object) -> object:
    assert _task is not None, "a worker runs only the task it was forked with"
    return _task(item)


def ordered_map(task: Callable[[T], R], items: Sequence[T], jobs: int = 0) -> Iterator[R]:
    """``task`` over ``items``, answers in the order of the items; in forked workers (``jobs`` of them,
    0 for one per core) when there are enough items, else here.

    The first item is always worked here, before any worker is forked: whatever it loads (modules,
    the network and its indexes, the gazetteer) every worker then starts with, instead of each
    loading it again. ``task`` may be any callable, a closure too: the workers inherit it. Its answers
    and the exceptions it raises must pickle.
    """
    count = worker_count(jobs, len(items))
    if count == 1:
        yield from map(task, items)
        return
    yield task(items[0])
    gc.collect()
    gc.freeze()  # the parent's objects are not walked (and their pages copied) by a worker's collector
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(count, initializer=_install, initargs=(task,))
        except OSError:  # no process may be forked now (a limit on processes or memory): the rest here
            yield from map(task, items[1:])
            return
        with pool:
            # chunks small enough to keep every worker busy to the end, large enough to send few messages
            chunk = max(1, min(8, len(items) // (count * 16)))
            yield from cast(Iterator[R], pool.imap(_run, items[1:], chunksize=chunk))
    finally:
        gc.unfreeze()
