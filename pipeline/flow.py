"""The Prefect flow: a thin wrapper that runs `run_batch` with pages as Prefect tasks.

With no Prefect server configured (PREFECT_API_URL), the command starts a temporary one for
the batch (`pipeline.prefect_server`); otherwise the batch shows in the user's Prefect UI.
With a Dask scheduler address configured, the page tasks run on that cluster through
prefect-dask. While Prefect is being made ready, the first pages are already being read
(`HeadStart`).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import closing, nullcontext
from functools import partial
from pathlib import Path
from typing import TypeVar

from luutru.archive.catalog import Catalog
from luutru.archive.config import Config
from luutru.archive.records import file_hash
from luutru.ocr.load import UnreadableScan, page_count, sniff
from luutru.pipeline.batch import PageJob, read_job, run_batch, thread_runner, windowed
from luutru.pipeline.documents import discover, document_id
from luutru.pipeline.prefect_server import TemporaryServer
from luutru.pipeline.progress import Progress

T = TypeVar("T")


def quiet_prefect() -> None:
    """Prefect settings for an unattended command-line run; the user's own settings win."""
    defaults = {
        # The temporary server migrates its database on a machine's first run, which takes
        # far longer than Prefect's default allowance on a small machine.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_ENABLED": "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)


def ingest(config: Config, paths: list[Path], batch: str, manifest: Path | None = None,
           started: float | None = None):
    """Run a batch as a Prefect flow and return its BatchReport.

    `started` (time.perf_counter()) is when the command began, for the report's wall time.
    A batch with no page to read (everything known and done) needs no orchestration: it
    runs without Prefect, so that re-running a finished batch costs seconds, not Prefect's
    start-up.
    """
    progress = Progress()
    if nothing_to_read(config, paths):
        return run_batch(config, paths, batch, thread_runner(config), progress,
                         manifest=manifest, started=started)
    quiet_prefect()
    head = HeadStart(config, progress)
    server = None
    try:
        # The server is started on this thread, which lives as long as the command. With a
        # cluster, its workers read the pages, so there is no head start to give.
        if config.dask_address:
            server = _server_if_none_configured()
        else:
            server = head.read_while(_server_if_none_configured, paths)
        return _run_flow(config, paths, batch, head, server, progress, manifest, started)
    finally:
        head.close()
        if server:
            server.stop()


def _run_flow(config: Config, paths: list[Path], batch: str, head: HeadStart,
              server: TemporaryServer | None, progress: Progress, manifest: Path | None,
              started: float | None):
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.futures import as_completed
    from prefect.settings import PREFECT_API_URL, temporary_settings

    @task(name="read-page", retries=config.page_retries, retry_delay_seconds=1,
          persist_result=False, cache_policy=NO_CACHE)
    def read_page_task(job: PageJob, config: Config):
        early = head.take(job)
        return early.result() if early else read_job(job, config)

    def prefect_runner(jobs: list[PageJob]) -> Iterator:
        return windowed(jobs, lambda job: read_page_task.submit(job, config),
                        lambda futures: [next(as_completed(futures))],
                        window=2 * config.workers)

    @flow(name="luutru-ingest", task_runner=_task_runner(config), validate_parameters=False,
          log_prints=False, persist_result=False)
    def ingest_flow(paths: list[Path], batch: str):
        return run_batch(config, paths, batch, prefect_runner, progress, manifest=manifest,
                         started=started)

    with temporary_settings({PREFECT_API_URL: server.api_url}) if server else nullcontext():
        return ingest_flow(paths, batch)


def _server_if_none_configured() -> TemporaryServer | None:
    """A temporary Prefect server, up, when the user has configured none and Prefect would
    start one (its ephemeral mode); None otherwise."""
    # Prefect reads its settings when imported, so it is imported only now.
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    return TemporaryServer.start_and_wait(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())


class HeadStart:
    """The first pages of a batch, read on a plain thread pool while Prefect is made ready.

    Importing Prefect and starting its temporary server take seconds on a small machine,
    with a core to spare. The flow's page tasks take these results instead of reading the
    pages again, so every page is still a task of the flow; a page read early that failed
    is read again by its task's retry.
    """

    def __init__(self, config: Config, progress: Progress | None = None) -> None:
        self.config = config
        self.progress = progress or Progress()
        self._found = 0
        self._early: dict[PageJob, Future] = {}
        self._pool: ThreadPoolExecutor | None = None

    def read_while(self, start: Callable[[], T], paths: list[Path]) -> T:
        """Run `start` on this thread, read new pages until it returns (or raises), and
        return what it returns."""
        self._pool = pool = ThreadPoolExecutor(self.config.workers)
        started = threading.Event()
        feeding = threading.Thread(target=self._feed, args=(paths, started, pool), daemon=True)
        feeding.start()
        try:
            return start()
        finally:
            started.set()
            feeding.join()

    def _feed(self, paths: list[Path], started: threading.Event, pool: ThreadPoolExecutor
              ) -> None:
        in_flight: set[Future] = set()
        with closing(_new_pages(self.config, paths)) as jobs:
            for job in jobs:
                while len(in_flight) >= self.config.workers and not started.is_set():
                    in_flight = wait(in_flight, timeout=0.1, return_when=FIRST_COMPLETED)[1]
                if started.is_set():
                    return
                future = pool.submit(read_job, job, self.config)
                self._early[job] = future
                in_flight.add(future)
                # The bar from the first page on; the batch sets the full total later.
                self._found += 1
                self.progress.start(self._found)
                future.add_done_callback(partial(self._read, job=job))

    def _read(self, future: Future, job: PageJob) -> None:
        if not future.cancelled() and future.exception() is None:
            self.progress.advance(key=job)

    def take(self, job: PageJob) -> Future | None:
        return self._early.pop(job, None)

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown(cancel_futures=True)


def _new_pages(config: Config, paths: list[Path]) -> Generator[PageJob, None, None]:
    """The pages `run_batch` will read first: those of files the catalog does not know
    yet, in its order, each content once. Registering them is the batch's own work."""
    known = Catalog(config.catalog_path) if config.catalog_path.exists() else None
    seen: set[str] = set()
    try:
        for path in discover(paths, config.data_dir)[0]:
            try:
                if sniff(path) is None:
                    continue
                sha = file_hash(path)
                if sha in seen or known and known.document_by_hash(sha):
                    continue
                seen.add(sha)
                pages = page_count(path)
            except (UnreadableScan, OSError):
                continue
            for number in range(1, pages + 1):
                yield PageJob(document_id(sha), str(path), number)
    finally:
        if known:
            known.close()


def nothing_to_read(config: Config, paths: list[Path]) -> bool:
    """Whether every scan under `paths` is already in the catalog and done (or there is
    no scan at all)."""
    catalog = Catalog(config.catalog_path) if config.catalog_path.exists() else None
    try:
        for path in discover(paths, config.data_dir)[0]:
            try:
                if sniff(path) is None:
                    continue
                known = catalog.document_by_hash(file_hash(path)) if catalog else None
            except (UnreadableScan, OSError):
                continue  # the batch reports it
            if known is None or known.status != "done":
                return False
        return True
    finally:
        if catalog:
            catalog.close()


def _task_runner(config: Config):
    if config.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=config.dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=config.workers)
