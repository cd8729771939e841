"""Extraction on several cores: one pipeline per worker process, results in input order.

``ParallelPipeline(config, workers)`` has the ``process_many`` of a ``Pipeline`` and gives the
same results in the same order, so ``extract``, ``ingest`` and the local batch engine use it
in place of one. How it works:

- Each worker process loads its own ``Pipeline`` once, when it starts (the pool initializer),
  and runs the public ``Pipeline.process_many`` on chunks of records sent to it.
- The main process reads the input lazily, sends chunks of ``chunk_size`` records and keeps at
  most ``in_flight`` chunks' worth of records outstanding, so memory stays bounded whatever the
  input's size; it yields the results chunk by chunk in input order. The last chunks go as
  small pieces, so that no worker idles while another finishes (``balanced_tail``). Whoever
  consumes the results (the ingest writer, the JSONL writer) stays the only writer, in the
  main process.
- A failure stays a per-record ``RecordError``: an exception in a worker is retried record by
  record, and a worker that dies (a segfault, the OOM killer) costs a restart of the pool, after
  which the chunks that were in flight run one at a time to find the record that killed it.
- ``workers=1``, or an input of no more than one chunk (a second core could not help), runs the
  pipeline in this process exactly as ``Pipeline.process_many`` does.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any

from communique.model import Article, ArticleResult, RecordError

if TYPE_CHECKING:
    from communique.pipeline import Pipeline, PipelineConfig

Record = Article | RecordError
Outcome = ArticleResult | RecordError
CHUNKS_PER_WORKER = 2  # chunks in flight per worker: one running, one queued behind it
TAIL_PIECES_PER_WORKER = 4  # the input's last chunks are cut into this many pieces per worker
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def default_workers() -> int:
    """The cores this process may run on (``os.process_cpu_count()`` where Python has it)."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def add_workers_argument(parser: Any) -> None:
    """Add ``--workers N`` to a command's argparse parser."""
    parser.add_argument("--workers", type=positive_int, default=None, metavar="N",
                        help="worker processes extracting in parallel, each loading its own "
                             f"pipeline (default: the number of cores, {default_workers()} "
                             "here; 1 runs in this process)")


def positive_int(text: str) -> int:
    """An argparse type for ``--workers``: a whole number of at least 1."""
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers: give 1 or more")
    return int(text)


@dataclass
class Pending:
    """A chunk sent to the pool: its records, its future, and the pool generation it went to."""

    records: list[Record]
    future: Future[list[Outcome]] | None
    generation: int


class ParallelPipeline:
    """A pipeline spread over ``workers`` processes; use it as a context manager or close() it."""

    def __init__(self, config: PipelineConfig, workers: int | None = None,
                 chunk_size: int | None = None, in_flight: int | None = None,
                 load_local: Callable[[], Pipeline] | None = None,
                 task: Callable[[list[Record]], list[Outcome]] | None = None) -> None:
        """``load_local`` gives the in-process pipeline (default: ``Pipeline.load(config)``);
        ``task`` is what a worker runs on a chunk (default: ``extract_chunk``; a module-level
        function, as workers import it by name)."""
        self.config = config
        self._task = task or extract_chunk
        self._load_local = load_local
        self.workers = workers or default_workers()
        self.chunk_size = chunk_size or config.batch_size
        self.in_flight = in_flight or self.workers * CHUNKS_PER_WORKER
        self._local: Pipeline | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0
        if self.workers == 1:
            self.local_pipeline()  # load errors surface now, as with Pipeline.load

    def __enter__(self) -> ParallelPipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes (outstanding chunks are cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def worker_pids(self) -> list[int]:
        """The process ids of the running workers (none before the first chunk or for one)."""
        return list(self._pool._processes or {}) if self._pool is not None else []

    def process_many(self, records: Iterable[Record]) -> Iterator[Outcome]:
        """Each record's result or RecordError, in input order, as ``Pipeline.process_many``."""
        chunks = chunked(records, self.chunk_size)
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if self.workers == 1 or second is None:
            yield from self.local_pipeline().process_many(
                itertools.chain(first, *([second] if second else []), *chunks))
            return
        yield from self._process_in_pool(
            balanced_tail(itertools.chain([first, second], chunks), self.workers))

    def local_pipeline(self) -> Pipeline:
        """The pipeline of this process, for one worker or a one-chunk input."""
        if self._local is None:
            from communique.pipeline import Pipeline

            self._local = (self._load_local or partial(Pipeline.load, self.config))()
        return self._local

    # -- the pool ------------------------------------------------------------------------------

    def _process_in_pool(self, chunks: Iterator[list[Record]]) -> Iterator[Outcome]:
        pending: deque[Pending] = deque()
        for chunk in chunks:
            # Chunks a dead worker's pool lost are rerun alone before anything new is sent,
            # so that a second death can only be theirs.
            while pending and pending[0].generation != self._generation:
                yield from self._collect(pending.popleft())
            pending.append(self._submit(chunk))
            # Counted in records, not chunks, so the small pieces of the tail keep every
            # worker supplied while an older whole chunk still runs.
            while sum(len(item.records) for item in pending) >= self.in_flight * self.chunk_size:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())

    def _start(self) -> ProcessPoolExecutor:
        """The pool, started on first use; a pipeline that cannot load raises here."""
        if self._pool is None:
            # spawn: a fresh interpreter per worker, safe whatever threads this process runs.
            pool = ProcessPoolExecutor(self.workers, multiprocessing.get_context("spawn"),
                                       initializer=start_worker, initargs=(self.config,))
            self._pool = pool
            self._generation += 1
            try:
                with one_thread_per_worker():  # a spawn pool starts its workers on this submit
                    ready = pool.submit(check_worker)
                ready.result()
            except BaseException:
                self.close()
                raise
        return self._pool

    def _restart(self) -> None:
        """Replace a pool a dead worker broke; its chunks are retried by the caller."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._start()

    def _submit(self, chunk: list[Record]) -> Pending:
        pool = self._start()
        try:
            return Pending(chunk, pool.submit(self._task, chunk), self._generation)
        except BrokenProcessPool:
            return Pending(chunk, None, self._generation)

    def _collect(self, item: Pending) -> list[Outcome]:
        """The chunk's results; a chunk whose worker died is rerun alone."""
        try:
            if item.future is not None:
                return item.future.result()
        except BrokenProcessPool:
            pass
        except Exception:  # a result that could not travel back: find the record
            return [outcome for record in item.records for outcome in self._alone([record])]
        if item.generation == self._generation:
            self._restart()
        return self._alone(item.records)

    def _alone(self, records: list[Record]) -> list[Outcome]:
        """Run records with nothing else in flight, so a crash names its records."""
        try:
            return self._start().submit(self._task, records).result()
        except BrokenProcessPool:
            self._restart()
        except Exception as exc:
            if len(records) == 1:
                return [worker_error(records[0], f"its result failed: {type(exc).__name__}: "
                                                 f"{exc}")]
        if len(records) == 1:
            return [worker_error(records[0], "the worker process extracting it died")]
        return [outcome for record in records for outcome in self._alone([record])]


@contextmanager
def one_thread_per_worker() -> Iterator[None]:
    """Workers started here run their numeric libraries on one thread each (unless the user
    set these variables): the workers already use every core, more threads only contend."""
    unset = [name for name in THREAD_VARIABLES if name not in os.environ]
    os.environ.update(dict.fromkeys(unset, "1"))
    try:
        yield
    finally:
        for name in unset:
            os.environ.pop(name, None)


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Lists of ``size`` records (the last one shorter), read lazily."""
    stream = iter(records)
    while chunk := list(itertools.islice(stream, size)):
        yield chunk


def balanced_tail(chunks: Iterator[list[Record]], workers: int) -> Iterator[list[Record]]:
    """The chunks, the last ``workers`` of them cut into small pieces. Whole chunks to the
    end would leave a worker idle while another finishes its last chunk (up to a chunk's
    time, some 1.5 s on real articles); with pieces the workers finish within a piece's time.
    Reading ``workers`` chunks ahead to see the end keeps memory bounded."""
    ahead: deque[list[Record]] = deque()
    for chunk in chunks:
        ahead.append(chunk)
        if len(ahead) > workers:
            yield ahead.popleft()
    tail = [record for chunk in ahead for record in chunk]
    yield from chunked(tail, -(-len(tail) // (workers * TAIL_PIECES_PER_WORKER)) or 1)


def worker_error(record: Record, why: str) -> Outcome:
    """The RecordError of a record lost with its worker (a read error passes through)."""
    if isinstance(record, RecordError):
        return record
    return RecordError(record.id, f"extraction failed: {why}; rerun it with --workers 1 to "
                                  "see the error", stage="worker")


# -- inside a worker process ----------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None  # this worker's pipeline, loaded once by start_worker
_worker_failure: BaseException | None = None  # why it could not load, raised on every call


def start_worker(config: PipelineConfig) -> None:
    """Pool initializer: load this process's pipeline once; Ctrl-C is the main process's."""
    global _worker_pipeline, _worker_failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    try:
        from communique.pipeline import Pipeline

        _worker_pipeline = Pipeline.load(config)
    except Exception as exc:  # raised to the main process by the first call
        _worker_failure = exc


def exit_with_parent() -> None:
    """End this worker when the main process is gone (killed with SIGKILL, say), which
    would otherwise leave it waiting for work forever, holding its pipeline's memory."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)


def worker_pipeline() -> Pipeline:
    """The pipeline start_worker loaded, or the error that stopped it loading."""
    if _worker_failure is not None:
        raise _worker_failure
    assert _worker_pipeline is not None, "start_worker runs before any task"
    return _worker_pipeline


def check_worker() -> None:
    """A first task: raises in the main process when the pipeline could not load."""
    worker_pipeline()


def extract_chunk(records: list[Record]) -> list[Outcome]:
    """A chunk's outcomes; should the batch fail as a whole, each record is tried alone."""
    pipeline = worker_pipeline()
    try:
        return list(pipeline.process_many(records))
    except Exception:
        return [outcome for record in records for outcome in extract_alone(pipeline, record)]


def extract_alone(pipeline: Pipeline, record: Record) -> list[Outcome]:
    """One record's outcome, its exception turned into a RecordError."""
    try:
        return list(pipeline.process_many([record]))
    except Exception as exc:
        assert isinstance(record, Article)  # a RecordError passes through without failing
        return [RecordError(record.id, f"extraction failed: {type(exc).__name__}: {exc}",
                            stage="events")]
