"""gdcore: gradient descent on one parameter, and the lecture's figures drawn from it.

Modules, one concern each: ``costs`` (J and J'), ``descent`` (the iterates),
``scenarios`` (the lecture's figures as data), ``text`` (words and numbers per
language), ``figures`` (matplotlib → SVG, with a cache) and ``cli``
(``python -m gdcore``). Nothing here imports MkDocs.
"""

from gdcore.costs import LECTURE_COST, WAVY_COST, Cost, from_functions, quadratic, squared_error
from gdcore.descent import Run, Status, descend

__all__ = [
    "LECTURE_COST",
    "WAVY_COST",
    "Cost",
    "Run",
    "Status",
    "descend",
    "from_functions",
    "quadratic",
    "squared_error",
]
