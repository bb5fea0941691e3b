"""Scale-out: the same extraction mapped over a Dask cluster.

``local:N`` starts a local cluster of N single-threaded worker processes for the run; anything
else is the address of a running scheduler (``tcp://10.0.0.5:8786``). The resources (actor
registry, gazetteer) are sent to every worker once; pages go out as tasks and the results come
back in order, so the caller writes to the store exactly as in a single-process run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar

from truce.errors import InvalidInput

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Result = TypeVar("Result")


def map_on_dask(
    function: Callable[[Item, Shared], Result],
    items: Sequence[Item],
    shared: Shared,
    scheduler: str,
) -> Iterator[Result]:
    """``function(item, shared)`` for every item on the cluster, yielded in the items' order."""
    from distributed import Client, LocalCluster

    with ExitStack() as stack:
        if scheduler.startswith("local:"):
            workers = _worker_count(scheduler)
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        else:
            try:
                connected = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
                client = stack.enter_context(connected)
            except (OSError, TimeoutError, ValueError) as error:
                raise InvalidInput(
                    "--dask",
                    f"cannot reach the Dask scheduler at {scheduler} ({error}); start it, "
                    "or use local:N for a cluster of N local workers",
                ) from None
        shared_on_workers: Any = client.scatter(shared, broadcast=True)
        futures = client.map(function, items, [shared_on_workers] * len(items), pure=False)
        for future in futures:
            yield future.result()


#: A scheduler's address: ``[protocol://]host:port``, as ``dask scheduler`` prints it.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-f:]+\]|[^\s:/\[\]]+):\d{1,5}", re.I)


def check_scheduler(scheduler: str) -> None:
    """Fail early on a malformed ``local:N`` or address (whether an address answers is only
    known by connecting)."""
    if scheduler.startswith("local:"):
        _worker_count(scheduler)
    elif not _ADDRESS.fullmatch(scheduler):
        raise InvalidInput(
            "--dask",
            f"{scheduler!r} is not a scheduler address: write HOST:PORT or tcp://HOST:PORT "
            "(as `dask scheduler` prints it), or local:N for N local workers",
        )


def _worker_count(scheduler: str) -> int:
    count = scheduler.removeprefix("local:")
    if not count.isdigit() or not 1 <= int(count) <= 256:
        raise InvalidInput("--dask", f"{scheduler!r}: write local:N with N workers (1-256)")
    return int(count)
