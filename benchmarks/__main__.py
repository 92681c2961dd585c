"""Run the benchmarks: ``python -m benchmarks`` (all, default sizes) or ``python -m benchmarks NAME [options]``.

Each benchmark is a module of this package with ``main(argv) -> int`` that prints its tables;
``MODULES`` is the ordered list ``make bench`` runs.
"""
from __future__ import annotations

import importlib
import sys

MODULES = ["extraction", "backends", "store", "search", "agencies", "export", "load", "servers", "replicas"]


def main(argv: list[str]) -> int:
    if argv and not argv[0].startswith("-"):
        name, rest = argv[0], argv[1:]
        if name not in MODULES:
            print(f"unknown benchmark {name!r}; one of: {', '.join(MODULES)}", file=sys.stderr)
            return 2
        return importlib.import_module(f"benchmarks.{name}").main(rest) or 0
    status = 0
    for name in MODULES:
        print(f"\n## {name}\n", flush=True)
        status |= importlib.import_module(f"benchmarks.{name}").main(argv) or 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
