"""A fast yes/no pre-check of a JSON document against the scan schema (jsonschema stays the judge).

jsonschema walks the schema anew for every value (about 12 ms per scan, most of it building a
child validator per subschema). :func:`compile_schema` turns the small keyword subset our
pydantic-generated schema uses into nested Python closures once, so checking a valid scan costs
well under a millisecond. The pre-check may only ever say "valid" when jsonschema would: each
keyword is implemented as strictly as the 2020-12 spec or stricter, and any keyword outside the
subset makes :func:`compile_schema` return None (callers then always ask jsonschema). When the
pre-check says "no", the caller asks jsonschema, whose verdict and messages are the ones reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only annotate: they never make a document invalid.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment"})
# Exact Python types per JSON type (jsonschema's isinstance also takes subclasses, so this is as
# strict or stricter); bool is not an integer/number here (nor in jsonschema).
# "Does this keyword apply" guards below use isinstance, exactly as jsonschema does.
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    # stricter than jsonschema (which also takes 2.0 as an integer): a "no" only costs speed
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
}
_REF_PREFIX = "#/$defs/"
_SCALARS = (type(None), str, int)
_OBJECT_KEYWORDS = ("properties", "patternProperties", "additionalProperties")


class Unsupported(Exception):
    """The schema uses something the pre-check does not implement (then it is not used)."""


def compile_schema(schema: Mapping[str, Any]) -> Check | None:
    """A predicate that is True only for documents valid under ``schema``; None if unsupported."""
    root = dict(schema)
    root.pop("$schema", None)
    root.pop("$id", None)  # refs are only "#/$defs/..." inside this one document
    definitions = root.pop("$defs", {})
    compiled: dict[str, Check] = {}

    def ref(name: str) -> Check:
        if name not in definitions:
            raise Unsupported(f"$ref to unknown definition {name!r}")
        # looked up at call time, so (mutually) recursive definitions compile
        return lambda value: compiled[name](value)

    try:
        for name, sub in definitions.items():
            compiled[name] = _compile(sub, ref)
        return _compile(root, ref)
    except Unsupported:
        return None


def _compile(schema: Any, ref: Callable[[str], Check]) -> Check:
    """One subschema as a predicate; every keyword must hold (they are ANDed)."""
    if schema is True or schema == {}:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict):
        raise Unsupported(f"subschema {schema!r}")
    keywords = [_keyword(key, arg, schema, ref) for key, arg in schema.items() if key not in _ANNOTATIONS]
    checks = [c for c in keywords if c is not None]
    if len(checks) == 1:
        return checks[0]
    return _all_of(checks)


def _keyword(key: str, arg: Any, schema: dict[str, Any], ref: Callable[[str], Check]) -> Check | None:
    """The predicate of one keyword (None: handled by a sibling keyword)."""
    if key == "type":
        return _type(arg)
    if key == "$ref":
        if not isinstance(arg, str) or not arg.startswith(_REF_PREFIX) or "/" in arg[len(_REF_PREFIX):]:
            raise Unsupported(f"$ref {arg!r}")
        return ref(arg[len(_REF_PREFIX):])
    if key == "anyOf":
        return _any_of([_compile(sub, ref) for sub in arg])
    if key == "items":
        return _items(_compile(arg, ref))
    if key == "required":
        names = tuple(arg)
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)
    if key in ("enum", "const"):
        return _enum(arg if key == "enum" else [arg])
    if key == "pattern":
        return _pattern(arg)
    if key in _OBJECT_KEYWORDS:  # compiled together, once, at the first of them
        return _object(schema, ref) if key == next(k for k in _OBJECT_KEYWORDS if k in schema) else None
    raise Unsupported(f"keyword {key!r}")


def _type(arg: Any) -> Check:
    names = [arg] if isinstance(arg, str) else list(arg)
    if any(name not in _TYPES for name in names):
        raise Unsupported(f"type {arg!r}")
    return _any_of([_TYPES[name] for name in names])


# Plain loops below, not all()/any() over generators: this runs ~2,000 times per scan.
def _all_of(checks: list[Check]) -> Check:
    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True

    return check


def _any_of(options: list[Check]) -> Check:
    if len(options) == 1:
        return options[0]

    def check(value: Any) -> bool:
        for one in options:
            if one(value):
                return True
        return False

    return check


def _items(each: Check) -> Check:
    def check(value: Any) -> bool:
        if isinstance(value, list):
            for item in value:
                if not each(item):
                    return False
        return True

    return check


def _enum(values: list[Any]) -> Check:
    # Only null, strings and integers are compared, each only with its own exact type (so True
    # never equals 1 and 2.0 never equals 2: stricter than jsonschema's equality).
    if not all(v is None or type(v) in (str, int) for v in values):
        raise Unsupported(f"enum {values!r}")
    allowed = frozenset((type(v), v) for v in values)
    return lambda value: (type(value), value) in allowed if type(value) in _SCALARS else False


def _pattern(arg: Any) -> Check:
    regex = re.compile(arg)  # jsonschema also uses Python's re.search for "pattern"
    return lambda value: not isinstance(value, str) or regex.search(value) is not None


def _object(schema: dict[str, Any], ref: Callable[[str], Check]) -> Check:
    """properties + patternProperties + additionalProperties, which depend on one another."""
    known = {name: _compile(sub, ref) for name, sub in schema.get("properties", {}).items()}
    patterned = [(re.compile(p), _compile(sub, ref)) for p, sub in schema.get("patternProperties", {}).items()]
    extra = _compile(schema.get("additionalProperties", True), ref)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, item in value.items():
            if type(name) is not str:
                return False
            matched = False
            if name in known:
                matched = True
                if not known[name](item):
                    return False
            for regex, sub in patterned:
                if regex.search(name):
                    matched = True
                    if not sub(item):
                        return False
            if not matched and not extra(item):
                return False
        return True

    return check
