"""The Prefect flow: a thin wrapper that runs `run_batch` with pages as Prefect tasks.

Prefect runs in its ephemeral mode (no server, no network) unless PREFECT_API_URL points at a
server the user started; then the batch shows in the Prefect UI. With a Dask scheduler
address configured, the page tasks run on that cluster through prefect-dask.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import Config


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

    from pipeline.batch import PageJob, read_job, run_batch, windowed

    @task(name="read-page", retries=config.page_retries, retry_delay_seconds=1,
          persist_result=False, cache_policy=None)
    def read_page_task(job: PageJob, config: Config):
        return read_job(job, config)

    def prefect_runner(jobs: list[PageJob]) -> Iterator:
        return windowed(jobs, lambda job: read_page_task.submit(job, config),
                        lambda futures: [next(as_completed(futures))],
                        window=2 * config.workers)

    @flow(name="luutru-ingest", task_runner=_task_runner(config), validate_parameters=False,
          log_prints=False, persist_result=False)
    def ingest_flow(paths: list[Path], batch: str):
        return run_batch(config, paths, batch, prefect_runner)

    return ingest_flow(paths, batch)


def _task_runner(config: Config):
    if config.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=config.dask_address)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=config.workers)
