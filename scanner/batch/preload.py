"""The local pool's fork-server preload: import the scanner and warm it once, so workers start warm.

Every worker process of :class:`scanner.batch.executors.LocalExecutor` is forked from one fork
server, which imports the modules named by ``set_forkserver_preload``. Importing this module
there also does, once per batch, what every process otherwise does on its first scan: load and
check the rubric files, register the detectors, compile the schema validator, import the PDF
parser and compile the detectors' patterns (by scanning a small built-in Markdown draft). Workers
inherit all of it. This only fills per-process caches of code and rubric data, never results:
each paper is still scanned in full.

``set_forkserver_preload`` can only name modules, hence the warm-up at import time. It is only
ever imported by the fork server (and tests).
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from scanner.batch.worker import Outcome, scan_entry  # the worker code the pool will run
from scanner.ingest.draft import DraftBuilder
from scanner.ingest.markdown import read_markdown
from scanner.paper import Paper
from scanner.pipeline import ScanOptions, build_scan

__all__ = ["Outcome", "scan_entry", "warm_up", "warm_up_paper"]

log = logging.getLogger(__name__)

# Enough of a paper for most detectors to get past their first checks and compile their patterns.
WARM_UP_DRAFT = """\
# A Small Study of Warm Starts

Ada Lovelace, Example University

## Abstract

We propose a method and find that it improves accuracy by 4.2 points (p < 0.05) over the baseline.

## 1 Introduction

Prior work [1] studied this task. Our contributions are a dataset and a model; code is available
at https://github.com/example/warm.

## 2 Method

We train a transformer with 12 layers on 10,000 examples with a learning rate of 3e-4 for 5 epochs
on one GPU, using three random seeds, and we report the mean and standard deviation. Participants
(N = 24, 12 women, mean age 31.5) gave informed consent; the study was approved by the IRB.

## 3 Results

Table 1: Accuracy on the test set. The model reaches 91.7% accuracy, t(23) = 2.45, p = .022,
F(2, 40) = 3.10, p = .056, r = .41, and chi2(1) = 4.2, p = .04.

## 4 Limitations

The data are English only; we release the data under a CC-BY license.

## References

[1] Grace Hopper and Alan Turing. 2020. A study of compilers. In Proceedings of ACL.
"""


# Young-generation collection threshold of the workers (CPython's default is 700). A scan
# allocates millions of short-lived objects and frees nearly all of them by reference counting;
# at 700 the collector runs ~20 times per paper (~7 ms per paper) to find almost no cycles.
# Cycles are still collected, a little later; nothing a scan outputs depends on when.
GC_THRESHOLD = (10_000, 50, 100)


def warm_up_paper() -> Paper:
    """:data:`WARM_UP_DRAFT` read like a Markdown draft (no file involved)."""
    builder = DraftBuilder()
    read_markdown(Path("warm-up.md"), WARM_UP_DRAFT, builder)
    return builder.build(Path("warm-up.md"), parser="markdown", data=WARM_UP_DRAFT.encode("utf-8"))


def warm_up() -> None:
    """Scan the built-in draft once (result discarded), then freeze what exists into gc's
    permanent generation so workers' full collections never walk (and copy-on-write) these
    objects, and set the workers' :data:`GC_THRESHOLD` (both are inherited through fork)."""
    import scanner.ingest.pdf  # noqa: F401  (pymupdf: the first PDF would import it)

    build_scan(warm_up_paper(), ScanOptions(modules=["all"]))
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


try:
    warm_up()
except Exception:  # a failed warm-up only costs speed; the fork server must still start
    log.warning("fork-server warm-up failed; workers will warm up on their first paper", exc_info=True)
