"""Linting many files on every core: forked workers, one work queue, results sent back pickled.

The engine decides how many processes pay (`Linter.workers`) and prepares what every worker
needs before forking (`Linter.prepare_to_fork`); this module runs them (docs/design.md,
"Performance": "Both cores"). Plain `os.fork` and pipes: a process pool's helper threads would
compete with this process's own share of the files for the interpreter.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ai_readiness.discovery import Target
    from ai_readiness.engine import FileResult, Linter
    from ai_readiness.findings import Finding

BATCH = 16  # files a process takes from the queue at a time
_QUEUE_ENTRY = 4  # bytes per batch number in the work queue
# Batch numbers at most: 4 KiB, one page, what a pipe holds even when Linux shrinks its buffer
# (fs.pipe-user-pages-soft), so writing them all before any worker reads never blocks.
_QUEUE_BATCHES = 1024

Share = tuple[list["FileResult"], list["Finding"]]  # what one process linted
R = TypeVar("R")


def batch_size(count: int) -> int:
    """Files per batch: BATCH, or more when there are so many files that their batch numbers
    would not fit in the queue's pipe at once (writing them must never block)."""
    return max(BATCH, -(-count // _QUEUE_BATCHES))


def lint_in_parallel(linter: Linter, targets: list[Target], workers: int) -> Share:
    """Lint ``targets`` in ``workers`` processes (`in_parallel`). The linter's records and notes
    gain the workers'."""

    def start() -> None:
        linter.records = []

    def gather() -> tuple[list[Any], list[str]]:
        return linter.records, list(linter.git.notes) if linter.git is not None else []

    files: list[FileResult] = []
    findings: list[Finding] = []
    for batches, extra in in_parallel(targets, workers, linter.lint_files, start, gather):
        for _, (batch_files, batch_findings) in batches:
            files += batch_files
            findings += batch_findings
        if extra is not None:
            records, notes = extra
            linter.records.extend(records)
            linter.notes.extend(n for n in notes if n not in linter.notes)
    order = {t.path: i for i, t in enumerate(targets)}
    files.sort(key=lambda f: order[f.path])
    # which process linted which file varies from run to run; the records' order does not
    linter.records.sort(key=lambda r: (order[r.path], r.document))
    return files, findings


def in_parallel(
    targets: list[Target],
    workers: int,
    work: Callable[[list[Target]], R],
    start: Callable[[], None] = lambda: None,
    gather: Callable[[], Any] = lambda: None,
) -> list[tuple[list[tuple[int, R]], Any]]:
    """Run ``work`` over batches of ``targets`` in ``workers`` processes: fork ``workers - 1``
    workers (each first calls ``start``); every process, this one included, takes batches from
    one queue until it is empty, so a process that meets slow files (defects need positions and
    jsonschema's words) takes fewer of them. The queue is a pipe holding every batch number,
    written before forking: reads of a few bytes are atomic, and an empty pipe whose write end is
    closed reads as its end. Per process: its results as (index of the batch's first target,
    result), and what ``gather`` returned in the worker (None for this process)."""
    from ai_readiness.errors import InternalError

    size = batch_size(len(targets))
    batches = -(-len(targets) // size)
    queue, feed = os.pipe()
    try:
        os.write(feed, b"".join(i.to_bytes(_QUEUE_ENTRY, "little") for i in range(batches)))
    finally:
        os.close(feed)
    try:
        children = [_fork(targets, queue, size, work, start, gather) for _ in range(workers - 1)]
        shares: list[tuple[list[tuple[int, R]], Any]] = [(_from_queue(targets, queue, size, work), None)]
    finally:
        os.close(queue)
    payloads = []
    for pid, read_end in children:  # every worker's result read and every worker reaped first
        with os.fdopen(read_end, "rb") as stream:
            payloads.append((pid, stream.read()))
        os.waitpid(pid, 0)
    for pid, payload in payloads:
        if not payload:
            raise InternalError(f"a worker (process {pid}) ended without a result")
        outcome = pickle.loads(payload)
        if outcome[0] == "error":
            raise InternalError(outcome[1]) from outcome[2]
        _, results, extra = outcome
        shares.append((results, extra))
    return shares


def _from_queue(targets: list[Target], queue: int, size: int, work: Callable[[list[Target]], R]) -> list[tuple[int, R]]:
    """``work`` over batches of ``targets`` as long as the queue holds their numbers."""
    results = []
    while len(entry := os.read(queue, _QUEUE_ENTRY)) == _QUEUE_ENTRY:
        first = int.from_bytes(entry, "little") * size
        results.append((first, work(targets[first : first + size])))
    return results


def _fork(
    targets: list[Target],
    queue: int,
    size: int,
    work: Callable[[list[Target]], R],
    start: Callable[[], None],
    gather: Callable[[], Any],
) -> tuple[int, int]:
    """A worker process that works from the queue and writes its result to a pipe: (pid, read end)."""
    from ai_readiness.errors import InternalError

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)  # the worker: never returns
    try:
        start()
        results = _from_queue(targets, queue, size, work)
        payload = pickle.dumps(("ok", results, gather()))
    except InternalError as exc:
        payload = _pickled_error(exc.path, exc.__cause__)
    except BaseException as exc:  # anything else still ends as a result the parent reports
        payload = _pickled_error("a share of the files", exc)
    with os.fdopen(write_end, "wb") as stream:
        stream.write(payload)
    os._exit(0)


def _pickled_error(path: str, cause: BaseException | None) -> bytes:
    """A worker's failure for its parent: the exception itself when it pickles, else its words."""
    try:
        return pickle.dumps(("error", path, cause))
    except Exception:
        return pickle.dumps(("error", path, RuntimeError(f"{type(cause).__name__}: {cause}")))
