"""Speed and memory benchmarks, printed as tables: ``make bench`` (``python -m benchmarks``)."""
