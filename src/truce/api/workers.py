"""The processes of ``truce serve --workers N``, each accepting on a listening socket of its own.

Uvicorn's own supervisor gives every worker one shared listening socket, and whichever worker
wakes first accepts: a burst of connections piles onto one process while another idles. Here
the parent binds one socket a worker, all on the same address with ``SO_REUSEPORT``, and the
Linux kernel spreads new connections over them by a hash of their addresses (as nginx's
``reuseport`` does). Where the kernel does not balance such sockets (not Linux), every worker
shares one socket, as uvicorn's supervisor does.

The parent then only supervises. It starts one worker a socket; starts a worker again, on the
same socket, when one dies (connections waiting on that socket are served by the replacement);
and on SIGINT or SIGTERM stops them all and returns. A worker also stops by itself when the
parent is gone, even killed, so none is left behind. Each worker runs uvicorn on the app that
``truce.api.app:app_from_environment`` builds from the settings the parent put in the
environment.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from uvicorn.config import STARTUP_FAILURE

from truce.errors import TruceError

APP_FACTORY = "truce.api.app:app_from_environment"
BACKLOG = 2048  # uvicorn's default
STOP_GRACE_SECONDS = 30.0  # for requests in progress to finish, before a worker is killed
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RESTART_PAUSE_SECONDS = 1.0  # before starting again a worker that ended as soon as it started

# Workers start as fresh interpreters: forking a parent that has opened the database and
# imported the app would share what must not be shared.
_spawn = multiprocessing.get_context("spawn")


def balances_connections() -> bool:
    """Whether the kernel spreads connections over sockets sharing an address (Linux's
    ``SO_REUSEPORT``); elsewhere the option, where it exists, does not balance."""
    if sys.platform != "linux" or not hasattr(socket, "SO_REUSEPORT"):
        return False
    with socket.socket() as probe:
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        except OSError:  # a kernel before 3.9, or a sandbox that refuses the option
            return False
    return True


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """One socket listening on ``host:port`` for each of ``count`` workers: distinct
    ``SO_REUSEPORT`` sockets where the kernel balances them, else one socket for all."""
    if not balances_connections():
        shared = _listening_socket(host, port, reuse_port=False)
        return [shared] * count
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sockets.append(_listening_socket(host, port, reuse_port=True))
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def serve_in_workers(sockets: list[socket.socket]) -> None:
    """Run a worker on each socket until SIGINT or SIGTERM, starting again any that dies; then
    stop them all. A worker that cannot build its app (its database gone, say) says why and
    stops the others, which end with uvicorn's status for a failed start: starting it again
    would fail the same way, over and over."""
    # Only this process holds the writing end: when it ends, however, the workers read EOF.
    parent_alive, parent_holds = _spawn.Pipe(duplex=False)
    workers: list[BaseProcess] = []
    try:
        with _stop_signals() as stop:
            workers.extend(_start_worker(sock, parent_alive) for sock in sockets)
            started = [time.monotonic()] * len(workers)
            while not stop.requested:
                stop.wait_or_any_end(workers)
                for index, worker in enumerate(workers):
                    if worker.exitcode is None or stop.requested:
                        continue
                    if worker.exitcode == STARTUP_FAILURE:
                        raise SystemExit(STARTUP_FAILURE)  # the worker has said why
                    if time.monotonic() - started[index] < RESTART_PAUSE_SECONDS:
                        time.sleep(RESTART_PAUSE_SECONDS)  # no tight loop of failing starts
                    if stop.requested:
                        break
                    workers[index] = _start_worker(sockets[index], parent_alive)
                    started[index] = time.monotonic()
    finally:
        _stop(workers)
        parent_holds.close()
        parent_alive.close()


def _listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        # Listening now, before the workers start: connections wait in this socket's queue.
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _start_worker(sock: socket.socket, parent_alive: Connection) -> BaseProcess:
    # Starting the first worker would start multiprocessing's resource tracker, which unblocks
    # SIGINT and SIGTERM when it is running: start it first.
    resource_tracker.ensure_running()
    worker = _spawn.Process(target=_worker, args=(sock, parent_alive), name="truce-worker")
    # The new interpreter inherits these signals blocked, so that a Ctrl-C while it starts
    # waits for ``_worker`` to handle it, instead of a KeyboardInterrupt traceback.
    _block_stop_signals(True)
    try:
        worker.start()
    finally:
        _block_stop_signals(False)
    return worker


def _worker(sock: socket.socket, parent_alive: Connection) -> None:  # runs in the worker
    """Serve the app on ``sock`` until a signal (uvicorn's own handling) or the parent's end."""
    config = uvicorn.Config(APP_FACTORY, factory=True, log_level="warning", backlog=BACKLOG)
    server = uvicorn.Server(config)

    def stop(_number: int = 0, _frame: FrameType | None = None) -> None:
        server.should_exit = True

    # Until uvicorn installs its handlers (which do the same), a signal stops the server too;
    # one that came while this process started is delivered on unblocking.
    for sig in STOP_SIGNALS:
        signal.signal(sig, stop)
    _block_stop_signals(False)

    def stop_when_parent_ends() -> None:
        with suppress(EOFError, OSError):
            parent_alive.recv()  # the parent never writes: this returns when it ends
        stop()

    threading.Thread(target=stop_when_parent_ends, daemon=True).start()
    if server.should_exit:  # stopped while starting: nothing to serve
        return
    try:
        config.load()  # builds the app: what fails here would fail again in a replacement
    except Exception as error:
        print(f"error: a server process could not start: {_described(error)}", file=sys.stderr)
        sys.exit(STARTUP_FAILURE)
    with suppress(KeyboardInterrupt):  # Ctrl-C reaches the workers too: stopped, as asked
        server.run(sockets=[sock])


def _described(error: Exception) -> str:
    return str(error) if isinstance(error, TruceError) else f"{type(error).__name__}: {error}"


def _block_stop_signals(block: bool) -> None:
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_BLOCK if block else signal.SIG_UNBLOCK, STOP_SIGNALS)


class _StopSignals:
    """SIGINT and SIGTERM, recorded instead of fatal, and waking a wait for workers' ends."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self.wake_reader, self.wake_writer = socket.socketpair()
        self.wake_reader.setblocking(False)
        self.wake_writer.setblocking(False)

    @property
    def requested(self) -> bool:
        return bool(self.received)

    def record(self, number: int, _frame: FrameType | None) -> None:
        self.received.append(number)

    def wait_or_any_end(self, workers: list[BaseProcess]) -> None:
        """Until a worker ends or a signal comes (even one come since ``requested`` was read:
        Python's C signal handler has written its number to the wake-up socket)."""
        wait([self.wake_reader, *(worker.sentinel for worker in workers)])
        with suppress(BlockingIOError):
            self.wake_reader.recv(4096)


@contextmanager
def _stop_signals() -> Iterator[_StopSignals]:
    stop = _StopSignals()
    previous_handlers = {sig: signal.signal(sig, stop.record) for sig in STOP_SIGNALS}
    previous_wakeup = signal.set_wakeup_fd(stop.wake_writer.fileno())
    try:
        yield stop
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)
        stop.wake_reader.close()
        stop.wake_writer.close()


def _stop(workers: list[BaseProcess]) -> None:
    """SIGTERM to every worker (uvicorn finishes the requests in progress), then SIGKILL to
    any still running after the grace period."""
    for worker in workers:
        if worker.exitcode is None:
            worker.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.exitcode is None:
            worker.kill()
            worker.join()
