"""Run one ``timeline`` command line and report its exit status, time and peak memory.

Run as ``python -m helpers.measure ARG...``: the command's own output is discarded; one JSON
object is printed: ``{"status": ..., "seconds": ..., "max_rss_mb": ...}``.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time

from timeline.cli import main as timeline_main


def main(argv: list[str] | None = None) -> int:
    """Run the command line and print the measurements."""
    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    status = timeline_main(args, out=io.StringIO())
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"status": status, "seconds": seconds, "max_rss_mb": peak_kib / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
