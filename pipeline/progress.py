"""A progress line on the terminal: pages done, pages per minute, time left."""
from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Progress:
    """Pages are counted once each, by key, whoever reports them: the pages read ahead
    while Prefect starts show from the first one, and count once when the batch takes
    them over. The rate runs from the first start()."""

    def __init__(self, total: int = 0, stream: TextIO | None = None,
                 every_seconds: float = 0.5) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.every = every_seconds
        self.started = self.last = time.monotonic()
        self.live = self.stream.isatty()
        self._done: set[object] = set()
        self._anonymous = 0
        self._begun = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # Prefect sends the flow (and so this bar, in its closure) along with page tasks to
        # Dask workers; the copy there never draws, and a lock or a stream cannot travel.
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "stream")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lock=threading.Lock(), stream=sys.stderr)

    @property
    def done(self) -> int:
        return len(self._done) + self._anonymous

    def start(self, total: int) -> None:
        """Show the bar for `total` pages; a second call only updates the total."""
        with self._lock:
            self.total = total
            if not self._begun:
                self._begun = True
                self.started = self.last = time.monotonic()
                self._show(force=True)

    def advance(self, n: int = 1, key: object = None) -> None:
        with self._lock:
            if key is None:
                self._anonymous += n
            elif key in self._done:
                return
            else:
                self._done.add(key)
            self._show(force=self.done == self.total)

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed * 60 if elapsed > 0 and self.done else 0.0
        left = (self.total - self.done) / rate * 60 if rate else 0.0
        width = 30
        filled = width * self.done // self.total if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        return (f"[{bar}] {self.done}/{self.total} pages, {rate:.1f} pages/min, "
                f"{_clock(left)} left")

    def _show(self, force: bool = False) -> None:
        now = time.monotonic()
        # Not a terminal (a log file): one line every 10 s instead of redrawing.
        every = self.every if self.live else 10.0
        if not force and now - self.last < every:
            return
        self.last = now
        if self.live:
            self.stream.write("\r" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
