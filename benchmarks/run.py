"""Run every ``bench_*.py`` in this folder (or those named on the command line) and print their figures.

Each benchmark module has ``run() -> list[str]`` returning lines of measured figures, always as a ratio to the
bare library doing the same work in the same run, so machines of different speed give comparable numbers.
Benchmarks are never part of the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # benchmarks share sample_data.py


def main(names: list[str]) -> int:
    paths = sorted(HERE.glob("bench_*.py"))
    if names:
        paths = [path for path in paths if any(name in path.stem for name in names)]
    for path in paths:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        for line in module.run():
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
