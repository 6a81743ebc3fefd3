"""Linting many files on every core: forked workers, one work queue, results sent back pickled.

The engine decides how many processes pay (`Linter._workers`) and prepares what every worker
needs before forking (`Linter.prepare_to_fork`); this module runs them (docs/design.md,
"Performance": "Both cores"). Plain `os.fork` and pipes: a process pool's helper threads would
compete with this process's own share of the files for the interpreter.
"""

from __future__ import annotations

import os
import pickle
from typing import TYPE_CHECKING

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


def batch_size(count: int) -> int:
    """Files per batch: BATCH, or more when there are so many files that their batch numbers
    would not fit in the queue's pipe at once (writing them must never block)."""
    return max(BATCH, -(-count // _QUEUE_BATCHES))


def lint_in_parallel(linter: Linter, targets: list[Target], workers: int) -> Share:
    """Fork ``workers - 1`` workers; every process, this one included, takes batches of files
    from one queue until it is empty, so a process that meets slow files (defects need positions
    and jsonschema's words) takes fewer of them. The queue is a pipe holding every batch number,
    written before forking: reads of a few bytes are atomic, and an empty pipe whose write end is
    closed reads as its end. The linter's records and notes gain the workers'."""
    from ai_readiness.errors import InternalError

    size = batch_size(len(targets))
    batches = -(-len(targets) // size)
    queue, feed = os.pipe()
    try:
        os.write(feed, b"".join(i.to_bytes(_QUEUE_ENTRY, "little") for i in range(batches)))
    finally:
        os.close(feed)
    try:
        children = [_fork(linter, targets, queue, size) for _ in range(workers - 1)]
        results = [_lint_from_queue(linter, targets, queue, size)]
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
        _, files, findings, records, notes = outcome
        results.append((files, findings))
        linter.records.extend(records)
        linter.notes.extend(n for n in notes if n not in linter.notes)
    order = {t.path: i for i, t in enumerate(targets)}
    merged = sorted((f for chunk_files, _ in results for f in chunk_files), key=lambda f: order[f.path])
    # which process linted which file varies from run to run; the records' order does not
    linter.records.sort(key=lambda r: (order[r.path], r.document))
    return merged, [f for _, chunk_findings in results for f in chunk_findings]


def _lint_from_queue(linter: Linter, targets: list[Target], queue: int, size: int) -> Share:
    """Lint batches of ``targets`` as long as the queue holds their numbers."""
    files: list[FileResult] = []
    findings: list[Finding] = []
    while len(entry := os.read(queue, _QUEUE_ENTRY)) == _QUEUE_ENTRY:
        start = int.from_bytes(entry, "little") * size
        batch_files, batch_findings = linter.lint_files(targets[start : start + size])
        files += batch_files
        findings += batch_findings
    return files, findings


def _fork(linter: Linter, targets: list[Target], queue: int, size: int) -> tuple[int, int]:
    """A worker process that lints from the queue and writes its result to a pipe: (pid, read end)."""
    from ai_readiness.errors import InternalError

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)  # the worker: never returns
    try:
        linter.records = []
        files, findings = _lint_from_queue(linter, targets, queue, size)
        notes = list(linter.git.notes) if linter.git is not None else []
        payload = pickle.dumps(("ok", files, findings, linter.records, notes))
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
