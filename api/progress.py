"""A progress bar for long commands (rich), on stderr so that --json output stays clean."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int, label: str):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=sys.stderr)
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=not console.is_terminal, disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)
