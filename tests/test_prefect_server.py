"""The temporary Prefect server a batch starts when no Prefect server is configured."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import luutru.pipeline.prefect_server  # noqa: F401 (loads pipeline.prefect_server)
from luutru import pipeline
from luutru.pipeline.prefect_server import TemporaryServer

pytestmark = pytest.mark.slow  # starts Prefect servers as subprocesses


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_server_answers_on_localhost_and_stops():
    server = TemporaryServer.start()
    try:
        server.wait_until_up(180)
        assert server.api_url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.stop()
    assert server.process.returncode is not None


def test_the_server_goes_with_a_killed_command(tmp_path):
    command = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from luutru.pipeline.prefect_server import TemporaryServer;"
         "s = TemporaryServer.start(); s.wait_until_up(180); print(s.process.pid, flush=True);"
         "time.sleep(600)"],
        stdout=subprocess.PIPE, text=True)
    server_pid = int(command.stdout.readline())
    assert _alive(server_pid)
    os.kill(command.pid, signal.SIGKILL)  # the command alone: no process group is killed
    command.wait()
    deadline = time.monotonic() + 30
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(server_pid)


def test_a_server_that_cannot_start_says_why(monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_LOGGING_LEVEL", "NO-SUCH-LEVEL")
    server = TemporaryServer.start()
    try:
        with pytest.raises(RuntimeError, match="stopped with code") as error:
            server.wait_until_up(180)
        assert "NO-SUCH-LEVEL" in str(error.value)  # the server's own complaint
    finally:
        server.stop()


def test_a_port_taken_before_the_server_binds_it_is_traded_for_another(monkeypatch):
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        taken = other_program.getsockname()[1]
        ports = iter([taken])
        free_port = pipeline.prefect_server._free_port
        monkeypatch.setattr(pipeline.prefect_server, "_free_port",
                            lambda: next(ports, None) or free_port())
        server = TemporaryServer.start_and_wait(180)
        try:
            assert server.port != taken
            with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as answer:
                assert answer.status == 200
        finally:
            server.stop()
