"""The command's entry point, for ``spacekg`` and ``python -m spacekg``."""

from __future__ import annotations

import signal


def main() -> None:
    # The command line takes a moment to import; Ctrl-C meanwhile ends the process as the signal
    # does (exit status 130), not with a traceback from the middle of an import. Once it is
    # ready, the command reports an interruption itself. An inherited "ignore" stays.
    interrupt = signal.getsignal(signal.SIGINT)
    if interrupt is signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    from .cli import main as command

    signal.signal(signal.SIGINT, interrupt)
    command()


if __name__ == "__main__":
    main()
