"""Wheel build hook: compile the message catalogues (.po → .mo) and ship them.

The ``.mo`` files are built, not kept in git (``.gitignore``), and hatchling leaves
ignored files out of a wheel, so they are compiled here and force-included.
"""

from __future__ import annotations

import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # the checkout itself is imported: make compiles there
            return
        sys.path.insert(0, self.root)
        try:
            from cipn_coach.catalogues import ROOT, compile_all

            for compiled in compile_all():
                build_data["force_include"][str(compiled)] = str(compiled.relative_to(ROOT))
        finally:
            sys.path.remove(self.root)
