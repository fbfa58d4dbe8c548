"""The `readiness` command, and `python -m readiness`."""

import gc


def main() -> None:
    """Run the command line. The cyclic garbage collector is paused before anything is imported:
    start-up builds tens of thousands of objects that live until exit (typer's and pydantic's
    machinery, the models, the bank) and next to no garbage, and the collector's passes over them
    cost about a thirtieth of a short command. It is turned back on once the bank is loaded."""
    gc.disable()
    from readiness.cli import main as run

    run()


if __name__ == "__main__":
    main()
