"""The Prefect flow: a thin wrapper that runs `run_batch` with pages as Prefect tasks.

Prefect runs in its ephemeral mode (no server, no network) unless PREFECT_API_URL points at a
server the user started; then the batch shows in the Prefect UI. With a Dask scheduler
address configured, the page tasks run on that cluster through prefect-dask. While the
temporary server starts, the first pages are already being read (`HeadStart`).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import closing
from pathlib import Path

from ocr.load import UnreadableScan, page_count, sniff
from pipeline.batch import PageJob, read_job, run_batch, windowed
from pipeline.catalog import Catalog
from pipeline.config import Config
from pipeline.documents import discover, document_id, file_hash


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


def ingest(config: Config, paths: list[Path], batch: str):
    """Run a batch as a Prefect flow and return its BatchReport."""
    quiet_prefect()
    # Prefect reads its settings when imported, so it is imported only now.
    from prefect import flow, task
    from prefect.futures import as_completed
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    head = HeadStart(config)

    @task(name="read-page", retries=config.page_retries, retry_delay_seconds=1,
          persist_result=False, cache_policy=None)
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
        return run_batch(config, paths, batch, prefect_runner)

    try:
        # Only when pages are read here and the server is Prefect's temporary one: a
        # running server costs no start, and a cluster's workers are there to read pages.
        if (not config.dask_address and not PREFECT_API_URL.value()
                and PREFECT_SERVER_EPHEMERAL_ENABLED.value()):
            head.read_while(_start_temporary_server, paths)
        return ingest_flow(paths, batch)
    finally:
        head.close()


class HeadStart:
    """The first pages of a batch, read on a plain thread pool while Prefect's temporary
    API server starts.

    Starting that server takes seconds of importing on a small machine, with a core to
    spare. The flow's page tasks take these results instead of reading the pages again, so
    every page is still a task of the flow; a page read early that failed is read again by
    its task's retry.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._early: dict[PageJob, Future] = {}
        self._pool: ThreadPoolExecutor | None = None

    def read_while(self, start: Callable[[], None], paths: list[Path]) -> None:
        """Run `start` in a thread, and read new pages until it returns (or raises)."""
        starting = threading.Thread(target=_catching(start), daemon=True)
        starting.start()
        self._pool = ThreadPoolExecutor(self.config.workers)
        in_flight: set[Future] = set()
        with closing(_new_pages(self.config, paths)) as jobs:
            for job in jobs:
                while len(in_flight) >= self.config.workers and starting.is_alive():
                    in_flight = wait(in_flight, timeout=0.1, return_when=FIRST_COMPLETED)[1]
                if not starting.is_alive():
                    break
                future = self._pool.submit(read_job, job, self.config)
                self._early[job] = future
                in_flight.add(future)
        starting.join()
        error = getattr(starting, "error", None)
        if error:
            raise error

    def take(self, job: PageJob) -> Future | None:
        return self._early.pop(job, None)

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown(cancel_futures=True)


def _new_pages(config: Config, paths: list[Path]) -> Iterator[PageJob]:
    """The pages `run_batch` will read first: those of files the catalog does not know
    yet, in its order, each content once. Registering them is the batch's own work."""
    known = Catalog(config.catalog_path) if config.catalog_path.exists() else None
    seen: set[str] = set()
    try:
        for path in discover(paths)[0]:
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


def _start_temporary_server() -> None:
    # The same server Prefect's client would start on its first call: it is one per
    # process, so the flow finds it running.
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer().start()


def _catching(function: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            function()
        except Exception as error:  # re-raised in the caller's thread
            threading.current_thread().error = error

    return run


def _task_runner(config: Config):
    if config.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=config.dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=config.workers)
