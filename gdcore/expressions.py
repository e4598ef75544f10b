"""The arithmetic a declaration may write: ``"1/J.c"``, ``"my-figure.alpha < J.one_over_c"``.

A number in ``lecture.yml`` may be written as an expression over facts (a fact's value is a
number, an exact Fraction, or a point), and a claim is an expression that must hold.
Names are fact names (letters, digits, ``_``, ``-`` and ``.``: ``my-figure.alpha``), so
a minus between two names needs spaces around it (``a - b``). The grammar is Python's,
restricted to numbers, names, ``+ - * / **``, comparisons, ``and or not``, parentheses,
``abs``/``min``/``max`` and ``[i]`` on a point; nothing else is evaluated, and nothing is
looked up but the facts.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

__all__ = ["ExpressionError", "evaluate", "names"]


class ExpressionError(ValueError):
    """An expression cannot be read or evaluated; the message says why."""


_NAME = re.compile(r"(?<![\w.])([A-Za-z][\w-]*(?:\.[A-Za-z0-9_][\w-]*)*)")
_FUNCTIONS: dict[str, Callable[..., Any]] = {"abs": abs, "min": min, "max": max}
_KEYWORDS = {"and", "or", "not", *_FUNCTIONS}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def _parse(text: str) -> tuple[ast.Expression, dict[str, str]]:
    """The expression's tree, with each fact name replaced by a variable ``_gdN``."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError(f"an expression must be a non-empty string, got {text!r}")
    variables: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        name = match[1]
        if name in _KEYWORDS:
            return name
        return variables.setdefault(name, f"_gd{len(variables)}")

    python = _NAME.sub(rename, text.strip())
    try:
        tree = ast.parse(python, mode="eval")
    except SyntaxError:
        raise ExpressionError(
            f"cannot read {text!r} (numbers, fact names, + - * / **, comparisons, and/or/not, "
            "abs/min/max; a minus between two names needs spaces: a - b)"
        ) from None
    return tree, {v: k for k, v in variables.items()}


def names(text: str) -> list[str]:
    """The fact names ``text`` uses, in order of first use."""
    return list(_parse(text)[1].values())


def evaluate(text: str, lookup: Callable[[str], Any]) -> Any:
    """The value of expression ``text``, with each fact name's value from ``lookup``.

    Integers and decimals stay exact (Fraction) until they meet a float, so
    ``"1/J.c"`` is exactly 3/14 when J.c is the Fraction 14/3.
    """
    tree, variables = _parse(text)

    def value(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return Fraction(repr(node.value)) if isinstance(node.value, float) else node.value
        if isinstance(node, ast.Name) and node.id in variables:
            return lookup(variables[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
            operand = value(node.operand)
            if isinstance(node.op, ast.Not):
                return not operand
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.BoolOp):
            results = [value(v) for v in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            left = value(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = value(right_node)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS
            and not node.keywords
        ):
            return _FUNCTIONS[node.func.id](*(value(a) for a in node.args))
        if isinstance(node, ast.Subscript):
            point, index = value(node.value), value(node.slice)
            if not isinstance(point, tuple) or not isinstance(index, int):
                raise ExpressionError(f"{text!r}: [i] takes a coordinate of a point")
            return point[index]
        raise ExpressionError(f"{text!r}: {ast.unparse(node)!r} is not allowed in an expression")

    try:
        return value(tree)
    except ZeroDivisionError:
        raise ExpressionError(f"{text!r} divides by zero") from None
    except (TypeError, IndexError) as error:
        raise ExpressionError(f"{text!r}: {error}") from None
