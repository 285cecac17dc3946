"""paper-scan: an automated, evidence-grounded reviewer for research papers.

The public entry points are :func:`scanner.pipeline.scan_paper` (library) and the ``scan``
console script (:func:`scanner.cli.main`).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
