"""YAML as declarations are written: every value knows its file and line.

Authors declare a lecture (``lecture.yml``) and a language's words (``LANG.yml``) in YAML;
every error about them must say where to look. :func:`load` returns plain Python data
whose mappings and lists remember where each item was written (:class:`Map`,
:class:`List`, ``where(key)``), and refuses what YAML would otherwise let through quietly:

* a key written twice in one mapping (YAML keeps the last): both lines are named;
* ``yes``/``no``/``on``/``off`` read as booleans (YAML 1.1): only ``true`` and ``false``
  are booleans here, other words stay strings; no dates, no sexagesimal numbers;
* tags (``!!python/object``) and anything else the safe loader does not know.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["DeclarationError", "List", "Map", "load", "where"]


class DeclarationError(ValueError):
    """A declaration is wrong. ``str()`` is one line: ``FILE:LINE: what is wrong``."""


class Map(dict):
    """A YAML mapping that remembers where it and each of its keys were written."""

    file: str = "?"
    line: int = 0
    lines: dict[Any, int]

    def where(self, key: Any = None) -> str:
        line = self.lines.get(key, self.line) if key is not None else self.line
        return f"{self.file}:{line}"


class List(list):
    """A YAML sequence that remembers where it and each of its items were written."""

    file: str = "?"
    line: int = 0
    lines: list[int]

    def where(self, index: int | None = None) -> str:
        line = self.lines[index] if index is not None and index < len(self.lines) else self.line
        return f"{self.file}:{line}"


def where(container: Any, key: Any = None) -> str:
    """``FILE:LINE`` of ``container`` (a Map or List), or of its item ``key``."""
    if isinstance(container, Map | List):
        return container.where(key)
    return "?"


class _Loader(yaml.SafeLoader):
    """SafeLoader with line-aware containers and YAML 1.2's booleans only."""


# Resolvers: YAML 1.2's core schema instead of the safe loader's YAML 1.1 one: booleans
# are true/false only (not yes/no/on/off), numbers are what they look like (1e-3 is a
# number; 0777, 1_000 and 1:30 are not), and nothing is a date.
_OWN = ("bool", "int", "float", "timestamp")
_Loader.yaml_implicit_resolvers = {}
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in _resolvers if tag.rsplit(":", 1)[-1] not in _OWN
    ]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Map:
    out = Map()
    out.file, out.line, out.lines = loader.name, node.start_mark.line + 1, {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise DeclarationError(f"{loader.name}:{line}: a key must be a plain value") from None
        if key in out:
            raise DeclarationError(
                f"{loader.name}:{line}: {key!r} is written twice in this mapping "
                f"(first at line {out.lines[key]}); YAML would keep only the last"
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> List:
    out = List(loader.construct_object(child, deep=True) for child in node.value)
    out.file, out.line = loader.name, node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _int(loader: _Loader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node), 10)  # 0777 is 777, not an octal 511


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(path: str | Path, shown: str | None = None) -> Any:
    """The YAML document in ``path``; ``shown`` is how errors name the file (default: the
    path as given). DeclarationError on a syntax error, a duplicated key, a tag, invalid
    UTF-8 or a file that cannot be read."""
    name = shown or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DeclarationError(f"{name}: cannot read it ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DeclarationError(
            f"{name}:{line}: not valid UTF-8 (byte offset {error.start}); save it as UTF-8"
        ) from None
    loader = _Loader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except DeclarationError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = " ".join(str(error.problem or error.context or "invalid YAML").split())
        raise DeclarationError(f"{name}:{line}: {problem}") from None
    except yaml.YAMLError as error:
        raise DeclarationError(f"{name}: {' '.join(str(error).split())}") from None
    finally:
        loader.dispose()
