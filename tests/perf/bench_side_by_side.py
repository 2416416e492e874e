"""Figures 1, 2 and 2b for two checkouts side by side, in one run.

``python -m tests.perf.bench_side_by_side BEFORE AFTER [ROUNDS]`` (two folders holding a
checkout each, e.g. ``git worktree add /tmp/before 111888b``; compile their bytecode
first: ``python -m compileall -q BEFORE AFTER``).

Why: on this (virtual) machine one start of the same app used 750-1,850 ms of CPU from
one round to the next at a load average of 0.1-0.7, so two runs of ``make bench`` made
minutes apart cannot tell a 10 % change from the noise. Here each round starts the bare
window, then BEFORE, then AFTER, each on its own copy of the same 3-year folder (each
checkout keeps its own derived files there), so a slow minute slows all three alike;
the medians of the rounds are compared.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from tests.perf import bench
from tests.perf.bench_data import make_history_folder


def _child(code: str, checkout: Path, env: dict[str, str]) -> list[float]:
    """The numbers the child printed last, run from ``checkout`` with it on the path."""
    return bench.run_numbers(code, dict(env, PYTHONPATH=str(checkout)), cwd=checkout)


def side_by_side(
    checkouts: list[Path], rounds: int, work: Path
) -> dict[str, dict[str, list[float]]]:
    """Per checkout (and the bare window): first paint, Today ready and CPU, each round."""
    env = bench.child_env(work)
    history = work / "history"
    make_history_folder(history)
    bare = (
        bench.PROCESS_START
        + bench.SETTLE
        + bench.BARE
        + "\nf = Painted(); w.installEventFilter(f); w.show(); app.exec()\n"
    )
    codes = {}
    for index, checkout in enumerate(checkouts):
        data = work / f"data-{index}"
        shutil.copytree(history, data)
        codes[checkout] = bench.PROCESS_START + bench.SETTLE + bench.APP + bench.start_the_app(data)
    runs: dict[str, dict[str, list[float]]] = {"bare": {"paint": [], "cpu": []}}
    for checkout in checkouts:
        runs[str(checkout)] = {"paint": [], "ready": [], "cpu": []}
    for _round in range(rounds):
        paint, cpu = _child(bare, checkouts[0], env)
        runs["bare"]["paint"].append(paint)
        runs["bare"]["cpu"].append(cpu)
        for checkout in checkouts:
            paint, ready, cpu = _child(codes[checkout], checkout, env)
            runs[str(checkout)]["paint"].append(paint)
            runs[str(checkout)]["ready"].append(ready)
            runs[str(checkout)]["cpu"].append(cpu)
    return runs


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    checkouts = [Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-side-by-side-") as folder:
        runs = side_by_side(checkouts, rounds, Path(folder))
    med = statistics.median
    bare, bare_cpu = med(runs["bare"]["paint"]), med(runs["bare"]["cpu"])
    print(
        f"{bench.machine()}\n{rounds} rounds; bare window {bare * 1000:.0f} ms, "
        f"CPU {bare_cpu * 1000:.0f} ms"
    )
    for checkout in checkouts:
        got = runs[str(checkout)]
        print(
            f"{checkout}: 1. first paint {med(got['paint']) / bare:.2f}x, "
            f"2. Today ready {med(got['ready']) / bare:.2f}x ({med(got['ready']) * 1000:.0f} ms), "
            f"2b. CPU {med(got['cpu']) / bare_cpu:.2f}x"
        )


if __name__ == "__main__":
    main()
