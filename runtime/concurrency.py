"""Many independent Graph calls at once, without writing a thread pool.

>>> messages = account.concurrent([partial(mailbox.get_message, i) for i in ids])
>>> latest = account.concurrent((partial(account.mailbox(upn).get_messages, limit=10)
...                              for upn in upns),
...                             max_workers=16)

Each call runs on a worker thread and the results come back in the order of ``calls``. A call
that returns a lazy page iterator (:class:`~generated.o365._runtime.paging.Paginator`) has it read to the end
on its worker, as a list, so its requests run concurrently too. Calls made through one Account
share its connection: its pooled sockets, its token (refreshed once for every thread) and its
throttling: a ``Retry-After`` that any call receives holds every thread of that Account
(``generated.o365._runtime.connection``), as Graph counts the app's requests whichever thread sends them.

Graph lets an app run 4 requests at a time against one Outlook mailbox (GRAPH_FACTS §2), so
calls on a single mailbox gain little beyond ``max_workers=4``; calls spread over many
mailboxes, sites or drives gain up to the connection's pool (16 sockets). Independent calls
that can wait for one answer fit in a ``$batch`` too (``account.batch()``, generated.o365._runtime.batch).

Errors: by default, once a call fails no further call starts, and when the calls already
running have finished, the failure of the first failing call (in the order of ``calls``) is
raised. With ``return_exceptions=True`` every call runs and each failure takes its place in
the results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, TypeVar, overload

from .paging import Paginator

__all__ = ["DEFAULT_WORKERS", "MAX_WORKERS", "concurrent"]

T = TypeVar("T")

DEFAULT_WORKERS = 8
MAX_WORKERS = 16  # the connection's pool keeps 16 sockets per host (generated.o365._runtime.connection)


# A call returning a Paginator gives the list of its items (read on the worker).
@overload
def concurrent(calls: Iterable[Callable[[], Paginator[T]]], *,
               max_workers: int = ..., return_exceptions: Literal[False] = ...) -> list[list[T]]: ...
@overload
def concurrent(calls: Iterable[Callable[[], T]], *, max_workers: int = ...,
               return_exceptions: Literal[False] = ...) -> list[T]: ...
@overload
def concurrent(calls: Iterable[Callable[[], Paginator[T]]], *,
               max_workers: int = ...,
               return_exceptions: Literal[True]) -> list[list[T] | BaseException]: ...
@overload
def concurrent(calls: Iterable[Callable[[], T]], *, max_workers: int = ...,
               return_exceptions: Literal[True]) -> list[T | BaseException]: ...
def concurrent(calls: Iterable[Callable[[], Any]], *, max_workers: int = DEFAULT_WORKERS,
               return_exceptions: bool = False) -> list[Any]:
    """Run ``calls`` (callables taking no arguments) on up to ``max_workers`` threads; their
    results in the order given. See the module documentation for errors and paginators."""
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) \
            or not 1 <= max_workers <= MAX_WORKERS:
        raise ValueError(f"max_workers must be an int from 1 to {MAX_WORKERS}, got {max_workers!r}")
    work = list(calls)
    for index, call in enumerate(work):
        if not callable(call):
            raise TypeError(f"calls[{index}] is a {type(call).__name__}, not a callable; "
                            "wrap a call as functools.partial(fn, args) or lambda: fn(args)")
    if not work:
        return []
    stop = None if return_exceptions else threading.Event()  # set by the first failure
    with ThreadPoolExecutor(max_workers=min(max_workers, len(work)),
                            thread_name_prefix="o365-concurrent") as pool:
        futures = [pool.submit(_run, call, stop) for call in work]
    # Leaving the pool waited for every call; those after a failure did not start.
    if return_exceptions:
        return [_outcome(future) for future in futures]
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error
    return [future.result() for future in futures]


# The result of a call skipped because an earlier one failed: only ever beside that failure,
# which is what the caller gets.
_NOT_STARTED: Any = object()


def _run(call: Callable[[], T], stop: threading.Event | None) -> T:
    if stop is not None and stop.is_set():
        return _NOT_STARTED  # type: ignore[no-any-return]
    try:
        result = call()
        if isinstance(result, Paginator):
            return list(result)  # type: ignore[return-value]  # its pages fetched on this worker
        return result
    except BaseException:
        if stop is not None:
            stop.set()
        raise


def _outcome(future: Future[Any]) -> Any:
    error = future.exception()
    return error if error is not None else future.result()
