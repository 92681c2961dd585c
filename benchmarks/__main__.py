"""Run the benchmarks: ``python -m benchmarks [NAME ...] [-- options]``; no name runs all of them."""
from __future__ import annotations

import importlib
import sys

MODULES = ["extraction"]


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or MODULES
    options = [a for a in argv if a.startswith("-")]
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(MODULES)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"\n=== {name}\n")
        importlib.import_module(f"benchmarks.{name}").main(options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
