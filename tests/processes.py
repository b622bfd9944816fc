"""Starting spacekg as a user's shell would, whatever the test runner's own signal dispositions."""

from __future__ import annotations

import signal


def interruptible() -> None:
    """Restore SIGINT's default in a child about to exec: a runner started as a background job
    ignores SIGINT, and Python then installs no KeyboardInterrupt handler in its children."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
