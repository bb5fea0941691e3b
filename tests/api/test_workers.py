"""`truce serve --workers 2` as a real process on a real port: each worker accepts on a socket of
its own and gets a fair share of a burst of connections; a second server on the port is refused;
a killed worker is replaced; SIGTERM, or Ctrl-C, stops every worker.

Which process holds a connection is read from Linux's /proc (the tests skip elsewhere): the
server side of each connection is a socket inode in /proc/net/tcp, and a worker holds the
inodes of its sockets among its file descriptors.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from truce.cli import run

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="reads connections' owners from Linux's /proc"
)

TCP_LISTEN = "0A"


class Served:
    """A `truce serve --workers 2` process in a session of its own (as a terminal would run it)."""

    def __init__(self, location: str, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self.log = log
        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "truce", "serve", "--db", location,
                 "--port", str(self.port), "--workers", "2"],
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            )  # fmt: skip

    def workers(self, count: int = 2, besides: frozenset[int] = frozenset()) -> list[int]:
        """The pids of ``count`` workers (not in ``besides``) once each listens on the port."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            listening = [
                pid for pid in _children(self.process.pid)
                if pid not in besides and self.listening_sockets(pid)
            ]  # fmt: skip
            if len(listening) >= count:
                return listening
            time.sleep(0.05)
        raise AssertionError(f"no {count} workers listening within 30 s: {self.log.read_text()}")

    def listening_sockets(self, pid: int) -> set[int]:
        listening = {
            inode for local, _, state, inode in _tcp_sockets() if local == self.port
            and state == TCP_LISTEN
        }  # fmt: skip
        return listening & _socket_inodes(pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # the workers see their parent end, and stop
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory, scenario_path: Path) -> str:
    path = str(tmp_path_factory.mktemp("workers") / "served.db")
    assert run(["init", "--scenario", str(scenario_path), "--db", path]) == 0
    return path


@pytest.fixture(scope="module")
def serving(location: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server the tests only read from, shared by them."""
    server = Served(location, tmp_path_factory.mktemp("serving") / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def served(location: str, tmp_path: Path) -> Iterator[Served]:
    """A server of one test's own, which it may stop."""
    server = Served(location, tmp_path / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def test_each_worker_accepts_on_its_own_socket_and_gets_a_fair_share_of_a_burst(
    serving: Served,
) -> None:
    served = serving
    workers = served.workers()
    sockets = [served.listening_sockets(pid) for pid in workers]
    assert all(len(held) == 1 for held in sockets) and sockets[0] != sockets[1]
    # A burst, as a load generator opens it: every connection made before any request, so a
    # worker that accepted for everyone (a shared socket) would take most of them at once.
    connections = [http.client.HTTPConnection("127.0.0.1", served.port) for _ in range(64)]
    for connection in connections:
        connection.connect()
    try:
        for connection in connections:
            connection.request("GET", "/api/v1/agreement")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
        owners = _owners(served.port, connections, workers)
    finally:
        for connection in connections:
            connection.close()
    # The kernel hashes each connection to a socket: P(either worker < 16 of 64) is 2.4e-5.
    assert sorted(owners) == sorted(workers)
    assert min(owners.values()) >= 16, owners


def test_a_second_server_on_the_port_is_refused(serving: Served, location: str) -> None:
    served = serving
    served.workers()
    second = subprocess.run(
        [sys.executable, "-m", "truce", "serve", "--db", location, "--port", str(served.port),
         "--workers", "2"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert second.returncode == 2
    assert f"cannot listen on 127.0.0.1:{served.port} (Address already in use)" in second.stderr


def test_a_killed_worker_is_replaced_on_its_socket_and_sigterm_stops_every_worker(
    served: Served,
) -> None:
    victim, survivor = served.workers()
    its_socket = served.listening_sockets(victim)
    os.kill(victim, signal.SIGKILL)
    (replacement,) = served.workers(count=1, besides=frozenset({victim, survivor}))
    assert served.listening_sockets(replacement) == its_socket
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=20) == 0
    assert not [pid for pid in (survivor, replacement) if Path(f"/proc/{pid}").exists()]


def test_ctrl_c_stops_every_worker_and_the_command_quietly(served: Served) -> None:
    workers = served.workers()  # as soon as they are started: Ctrl-C may come while they start
    os.killpg(served.process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    assert served.process.wait(timeout=20) == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert "Traceback" not in served.log.read_text()


def _owners(
    port: int, connections: list[http.client.HTTPConnection], workers: list[int]
) -> Counter[int]:
    """How many of ``connections`` each worker holds the server side of."""
    client_ports = {connection.sock.getsockname()[1] for connection in connections}
    server_sides = {
        inode for local, remote, _, inode in _tcp_sockets()
        if local == port and remote in client_ports
    }  # fmt: skip
    assert len(server_sides) == len(connections)
    return Counter(pid for pid in workers for _ in server_sides & _socket_inodes(pid))


def _tcp_sockets() -> list[tuple[int, int, str, int]]:
    """(local port, remote port, state, inode) of every IPv4 TCP socket of this machine."""
    sockets = []
    for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = row.split()  # sl, local, remote, state, ..., inode (the tenth)
        local_port, remote_port = (int(fields[i].rsplit(":", 1)[1], 16) for i in (1, 2))
        sockets.append((local_port, remote_port, fields[3], int(fields[9])))
    return sockets


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process has ended
        return inodes
    for descriptor in descriptors:
        try:
            target = os.readlink(descriptor)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:[") : -1]))
    return inodes


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The parent pid follows the command name, which is in parentheses.
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            children.append(int(stat.parent.name))
    return children
