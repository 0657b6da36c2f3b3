"""Run the atheris fuzz targets (fuzz/) for a bounded number of iterations; any crash fails the test.

Each target runs in a subprocess (libFuzzer takes over the process), seeded from the bad-input corpus,
with a fixed seed so a CI run is reproducible. A crash leaves its input under the test's tmp folder.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from badinput import cases

ROOT = Path(__file__).resolve().parent.parent
#: Iterations per target: HTML runs about 50 inputs/s here (trafilatura), JSONL about 170.
RUNS = {"fuzz_html.py": 1000, "fuzz_jsonl.py": 2000}
SEEDS = {"fuzz_html.py": (".html",), "fuzz_jsonl.py": (".jsonl", ".json")}

pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                reason="atheris is not installed (no wheel for this platform)")


@pytest.mark.parametrize("target", sorted(RUNS))
def test_fuzz_target_runs_without_a_crash(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for case in cases(huge=False):
        if case.name.endswith(SEEDS[target]) and len(case.data) < 4096:  # small seeds keep mutations fast
            (corpus / case.name).write_bytes(case.data)
    runs = RUNS[target]
    cmd = [sys.executable, str(ROOT / "fuzz" / target), f"-runs={runs}", "-seed=1", "-max_len=4096",
           "-max_total_time=240", f"-artifact_prefix={tmp_path}/", str(corpus)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    output = run.stdout + run.stderr
    crashes = list(tmp_path.glob("crash-*")) + list(tmp_path.glob("timeout-*")) + list(tmp_path.glob("oom-*"))
    assert run.returncode == 0 and not crashes, output[-3000:]
    done = re.search(r"Done (\d+) runs in (\d+) second", output)
    assert done, output[-2000:]
    cov = re.findall(r"cov: (\d+)", output)
    print(f"{target}: {done[1]} runs in {done[2]} s, coverage {cov[-1] if cov else '?'} edges")
    assert int(done[1]) >= runs or int(done[2]) >= 240
