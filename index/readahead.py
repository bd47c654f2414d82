"""No read-ahead on the memory maps of an index's randomly read files, and their footers
read first.

Tantivy reads its files through memory maps (tantivy's MmapDirectory, which tantivy-py's
Index(path=...) uses). When a mapped page is not in the page cache, the kernel reads
ahead around it as much as the device's read_ahead_kb allows: 8 MB on this machine
(Linux's default is 128 KB). Some of a search's reads are small and scattered: the
document store (one block per hit), positions (a few documents' for a phrase), the term
dictionary (a block per term). From a cold cache each of those cost megabytes: the index
benchmark's 60 queries read 3.8 GB of a 4.4 GB index at a million documents.
madvise(MADV_RANDOM) over the maps of those files turns read-ahead off for them (1.2 GB).
Postings, norms and fast-field columns are read in runs (a term's postings, a column for
the facets of many hits), and a long-running reader reads most of them over time: their
maps keep read-ahead in the web app (with every file advised, 0.23 GB were read but the
kernel spent 0.4-0.55 s more CPU over the 60 queries, one fault a page, and a word in
700,000 documents took 0.7 s from a cold cache). One command's search touches a few pages
of each file: there every file is advised (INDEX_FILES; `luutru search` reads 40 MB
instead of 1.9 GB at a million documents). The advice is a hint on
this process's own address space: it changes what the kernel reads, never what Tantivy
gets; Linux only, best effort (anything that fails leaves the kernel's default).

Opening an index (before any advice can be given: the maps do not exist yet) reads each
file's footer, and each such fault reads 4 to 8 MB around it: 490 MB for the 28 segments
a cleared caller searches at a million documents. read_tails reads the last 64 KB of each
file first, with read-ahead off for its own descriptor, so that the open finds them in
the page cache: 25 MB.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

MADV_RANDOM = 1  # <sys/mman.h> on Linux
TAIL = 64 * 1024  # holds the footers Tantivy reads on opening, but the largest stores' index
INDEX_FILES = (".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm")
RANDOM_ACCESS = (".store", ".pos", ".term")  # read in small scattered pieces


@lru_cache(maxsize=1)
def _madvise() -> Callable[[int, int, int], int] | None:
    name = ctypes.util.find_library("c")
    if not sys.platform.startswith("linux") or name is None:
        return None
    try:
        fn = ctypes.CDLL(name, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn


def advise_random(directory: Path, suffixes: tuple[str, ...] = RANDOM_ACCESS) -> int:
    """Asks the kernel not to read ahead in this process's maps of the files under
    `directory` whose names end with one of `suffixes`; returns how many maps took the
    advice."""
    madvise = _madvise()
    if madvise is None:
        return 0
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return 0
    prefix = os.path.realpath(directory) + os.sep
    advised = 0
    for line in maps.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].startswith(prefix) and fields[5].endswith(suffixes):
            start, end = (int(x, 16) for x in fields[0].split("-"))
            # A map dropped since /proc was read makes madvise fail (ENOMEM): nothing lost.
            advised += madvise(start, end - start, MADV_RANDOM) == 0
    return advised


def read_tails(directory: Path) -> None:
    """Brings the last TAIL bytes of each index file under `directory` into the page
    cache, reading no more than that (POSIX_FADV_RANDOM on this descriptor only)."""
    advise = getattr(os, "posix_fadvise", None)
    try:
        files = [f for f in directory.iterdir() if f.suffix in INDEX_FILES]
    except OSError:
        return
    for file in files:
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            continue  # merged away since the listing
        try:
            if advise is not None:
                advise(fd, 0, 0, os.POSIX_FADV_RANDOM)
            os.pread(fd, TAIL, max(0, os.fstat(fd).st_size - TAIL))
        except OSError:
            pass  # only a hint: Tantivy reads the file itself
        finally:
            os.close(fd)
