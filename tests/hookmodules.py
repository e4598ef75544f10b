"""Loading a MkDocs hook of scripts/hooks/ in the tests, as MkDocs does: from its file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent / "scripts" / "hooks"


def load_hook(name: str) -> ModuleType:
    """A fresh module made from ``scripts/hooks/NAME.py``."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as MkDocs does; dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
