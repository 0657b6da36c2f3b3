"""Load the YAML data files (gazetteer, cue lexicons, event triggers, watch rules) once per process.

Analysts extend these files without editing Python; `CLAIMGRAPH_DATA` may point at a folder whose
files replace the packaged ones of the same name.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed contents of data/<name>.yaml (an override folder wins if it has the file)."""
    override = os.environ.get("CLAIMGRAPH_DATA")
    if override and (Path(override) / f"{name}.yaml").is_file():
        text = (Path(override) / f"{name}.yaml").read_text(encoding="utf-8")
    else:
        text = resources.files("claimgraph.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
