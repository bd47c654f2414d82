"""index.readahead: the maps of searched index files get no read-ahead, and their footers are
read first with small reads; what a cold search reads is measured in
docs/benchmarks-index.md. Linux only (madvise, mincore, /proc)."""
from __future__ import annotations

import ctypes
import mmap
import os
import sys

import pytest

from luutru.index import ArchiveIndex, IndexRecord
from luutru.index.readahead import INDEX_FILES, RANDOM_ACCESS, TAIL, read_tails

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="madvise, mincore and /proc are Linux's")


def _mapped_flags(directory) -> dict[str, set[str]]:
    """The VmFlags of this process's maps of the files under `directory`."""
    import os
    from pathlib import Path

    prefix = os.path.realpath(directory) + os.sep
    flags: dict[str, set[str]] = {}
    name = None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split(maxsplit=5)
        if "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
            name = fields[5] if len(fields) == 6 and fields[5].startswith(prefix) else None
        elif name and line.startswith("VmFlags:"):
            flags.setdefault(name, set()).update(line.split()[1:])
    return flags


@pytest.mark.parametrize("read_ahead", [True, False])
def test_searched_files_are_mapped_without_read_ahead(tmp_path, read_ahead):
    # 'rr' in smaps' VmFlags is MADV_RANDOM: no read-ahead for the randomly read files
    # (store, positions, terms) of a long-running reader, for every index file of a
    # short-lived one (read_ahead False: `luutru search`).
    scattered = RANDOM_ACCESS if read_ahead else INDEX_FILES
    index = ArchiveIndex(tmp_path / "ix", backend="tantivy")
    index.add([IndexRecord(id="a", source="a.pdf", pages=("thủy lợi",), metadata={})])
    reader = ArchiveIndex(tmp_path / "ix", backend="tantivy", read_ahead=read_ahead)
    assert [h.id for h in reader.search("thuy loi", clearance=0).hits] == ["a"]
    flags = _mapped_flags(tmp_path / "ix")
    assert any(f.endswith(".store") for f in flags) and any(f.endswith(".idx") for f in flags)
    assert all(("rr" in f) == name.endswith(scattered) for name, f in flags.items())
    # A commit by another index object brings a new segment: its maps are advised too.
    index.add([IndexRecord(id="b", source="b.pdf", pages=("thủy điện",), metadata={})])
    assert {h.id for h in reader.search("thuy", clearance=0).hits} == {"a", "b"}
    later = _mapped_flags(tmp_path / "ix")
    assert len(later) > len(flags)
    assert all(("rr" in f) == name.endswith(scattered) for name, f in later.items())


def _resident(path) -> list[bool]:
    """Which pages of a file are in the page cache (mincore over a map of our own)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                          ctypes.c_int, ctypes.c_long]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    size = os.path.getsize(path)
    vec = (ctypes.c_ubyte * ((size + mmap.PAGESIZE - 1) // mmap.PAGESIZE))()
    fd = os.open(path, os.O_RDONLY)
    try:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        try:
            assert libc.mincore(address, size, vec) == 0
        finally:
            libc.munmap(address, size)
    finally:
        os.close(fd)
    return [bool(b & 1) for b in vec]


def _evict(path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # dirty pages cannot be dropped
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def test_read_tails_brings_in_the_tails_of_index_files_only(tmp_path):
    store, notes = tmp_path / "0a1b.store", tmp_path / "notes.txt"
    store.write_bytes(os.urandom(16 * 2**20))
    notes.write_bytes(os.urandom(2**20))
    for f in (store, notes):
        _evict(f)
    if any(_resident(store)) or any(_resident(notes)):
        pytest.skip("this file system keeps the pages (tmpfs?)")
    read_tails(tmp_path)
    pages = _resident(store)
    tail = TAIL // mmap.PAGESIZE
    assert all(pages[-tail:])
    # Read-ahead off for the read: not the megabytes before the tail.
    assert sum(pages[:-tail]) <= tail
    assert not any(_resident(notes))
