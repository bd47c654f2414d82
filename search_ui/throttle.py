"""Login throttling: a few wrong passwords for one name or from one address, then a wait
that doubles with each further failure.

Checked before the password hash is computed, so a flood of wrong credentials costs a
dictionary lookup each, not 0.1 s of CPU and 64 MiB of memory. Kept in memory: a restart
forgets it, which is no worse than the attacker waiting.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Record:
    failures: int = 0
    blocked_until: float = 0.0
    last: float = 0.0


class Throttle:
    def __init__(self, free_failures: int = 5, first_delay: float = 2.0,
                 max_delay: float = 900.0, forget_after: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free = free_failures
        self.first = first_delay
        self.max = max_delay
        self.forget = forget_after
        self.clock = clock
        self._records: dict[tuple[str, str], _Record] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> int:
        """Seconds to wait before this name or address may try again; 0 when it may now."""
        now = self.clock()
        with self._lock:
            waits = [r.blocked_until - now for r in self._find(name, address, now)]
        wait = max([0.0, *waits])
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in self._keys(name, address):
                r = self._records.setdefault(key, _Record())
                if now - r.last > self.forget:
                    r.failures = 0
                r.failures += 1
                r.last = now
                over = r.failures - self.free
                if over >= 0:
                    r.blocked_until = now + min(self.max, self.first * 2 ** over)
            if len(self._records) > 100_000:  # a spray of names: drop the stale ones
                self._records = {k: r for k, r in self._records.items()
                                 if now - r.last <= self.forget}

    def succeeded(self, name: str) -> None:
        """The name's failures are forgotten; the address's are not, or one valid account
        would let its holder try other names' passwords without end."""
        with self._lock:
            self._records.pop(("name", name.strip().casefold()), None)

    def _find(self, name: str, address: str, now: float) -> list[_Record]:
        found = [self._records.get(k) for k in self._keys(name, address)]
        return [r for r in found if r and now - r.last <= self.forget]

    @staticmethod
    def _keys(name: str, address: str) -> list[tuple[str, str]]:
        keys = [("address", address)]
        if name:
            keys.append(("name", name.strip().casefold()))
        return keys
