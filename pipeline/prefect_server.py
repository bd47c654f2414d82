"""Prefect's API server for one `luutru ingest`, when no Prefect server is configured.

Prefect starts such a temporary server by itself on a flow's first call, but only after
importing its server modules in the calling process as well: seconds of CPU on a small
machine, taken from the pages. So the command starts it here instead, through Prefect's own
`prefect server start` in a process of its own, as soon as it knows it needs one, and the
flow talks to it as to any server. The server goes with the command, even a killed one.

    python -m pipeline.prefect_server PORT PARENT_PID    (what `start` runs)
"""
from __future__ import annotations

import ctypes
import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import IO

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class PortTaken(RuntimeError):
    pass


class TemporaryServer:
    def __init__(self, process: subprocess.Popen, port: int, log: IO[bytes]) -> None:
        self.process = process
        self.port = port
        self._log = log  # the server's own output, for the error when it fails

    @classmethod
    def start_and_wait(cls, timeout: float) -> TemporaryServer:
        """A server that answers, or RuntimeError saying why there is none. Call this on
        the thread that lives as long as the command: the server ends when it ends."""
        attempts = 1
        while True:
            server = cls.start()
            try:
                server.wait_until_up(timeout)
                return server
            except PortTaken:
                server.stop()  # another program took the free port first: pick another
                if attempts == 3:
                    raise
                attempts += 1
            except BaseException:
                server.stop()
                raise

    @classmethod
    def start(cls) -> TemporaryServer:
        port = _free_port()
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop(), with the server
        process = subprocess.Popen(
            [sys.executable, "-m", "luutru.pipeline.prefect_server", str(port), str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        return cls(process, port, log)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self._output()
                taken = f"Port {self.port} is already in use" in output
                raise (PortTaken if taken else RuntimeError)(
                    f"Prefect's temporary server stopped with code "
                    f"{self.process.returncode}: {output}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass  # not listening yet
            time.sleep(0.1)
        raise RuntimeError(f"Prefect's temporary server did not answer within {timeout:.0f} s "
                           "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read()[-2000:].decode("utf-8", "replace").strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(port: str, parent: int) -> None:
    if sys.platform == "linux":  # elsewhere a killed command leaves the server running
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        sys.exit("the luutru command that started this server has already ended")
    sys.argv = ["prefect", "server", "start", "--host", "127.0.0.1", "--port", port,
                "--no-ui", "--no-scheduler", "--no-late-runs", "--analytics-off"]
    runpy.run_module("prefect", run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
