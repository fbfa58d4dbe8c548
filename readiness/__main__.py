"""The `readiness` command, and `python -m readiness`."""

import gc
import os
import sys


def main() -> None:
    """Run the command line. The cyclic garbage collector is paused before anything is imported:
    start-up builds tens of thousands of objects that live until exit (typer's and pydantic's
    machinery, the models, the bank) and next to no garbage, and the collector's passes over them
    cost about a thirtieth of a short command. It is turned back on once the bank is loaded."""
    gc.disable()
    try:
        from readiness.cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except (MemoryError, ImportError) as exc:
        if isinstance(exc, ImportError) and "failed to map segment" not in str(exc):
            raise
        sys.stderr.write("readiness: error: out of memory while starting (raise the memory limit: ulimit -v)\n")
        sys.stderr.flush()
        os._exit(1)  # at once: the interpreter's tidying up needs memory it may not get
    run()


if __name__ == "__main__":
    main()
