"""Find, load and validate rubric files: sorted, loud on any problem.

Built-in rubrics come from ``modules/``; installed packages add folders through the
``scanner.rubrics`` entry-point group (an entry point names a callable returning a folder).
A broken file, a duplicate id or an unknown detector raises :class:`RubricError` naming the file.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path

import yaml
from pydantic import ValidationError

from scanner.errors import RubricError
from scanner.resources import modules_dir
from scanner.rubrics.spec import Rubric

log = logging.getLogger(__name__)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RUBRIC_GROUP = "scanner.rubrics"


def rubric_dirs() -> list[Path]:
    """The built-in folder followed by folders contributed by installed plugins."""
    dirs = [modules_dir()]
    for ep in sorted(entry_points(group=RUBRIC_GROUP), key=lambda e: e.name):
        try:
            provider: Callable[[], str | Path] = ep.load()
            dirs.append(Path(provider()))
        except Exception as exc:
            raise RubricError(f"rubric plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
    return dirs


def load_file(path: Path) -> Rubric:
    """Parse and validate one rubric file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rubric: {' '.join(str(exc).split())}") from exc
    if not isinstance(data, dict):
        raise RubricError(f"{path}: a rubric file must be a mapping with id, version and questions")
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RubricError(f"{path}: invalid rubric at {where or 'top level'}: {first['msg']}") from exc


def load_rubrics(dirs: Iterable[Path] | None = None, *, known_detectors: Iterable[str] = ()) -> list[Rubric]:
    """All rubrics in ``dirs`` (sorted by file name), checked for duplicates and detectors."""
    rubrics: list[Rubric] = []
    seen_rubrics: dict[str, Path] = {}
    seen_items: dict[str, Path] = {}
    known = set(known_detectors)
    for folder in dirs if dirs is not None else rubric_dirs():
        for path in sorted(folder.glob("*.yaml")):
            rubric = load_file(path)
            if rubric.id in seen_rubrics:
                raise RubricError(f"{path}: duplicate rubric id {rubric.id!r} (also in {seen_rubrics[rubric.id]})")
            seen_rubrics[rubric.id] = path
            for q in rubric.questions:
                if q.id in seen_items:
                    raise RubricError(f"{path}: duplicate question id {q.id!r} (also in {seen_items[q.id]})")
                seen_items[q.id] = path
                if known and q.detector_name not in known:
                    close = difflib.get_close_matches(q.detector_name, sorted(known), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    raise RubricError(f"{path}: question {q.id!r} names unknown detector {q.detector_name!r}{hint}")
            rubrics.append(rubric)
    if not rubrics:
        raise RubricError("no rubric files found", hint=f"expected YAML files in {modules_dir()}")
    return rubrics
