"""Imported by a query worker's importing thread only (tests/test_limits.py): whether that
thread could open an internet socket."""

from __future__ import annotations

import socket

try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    OPENED = True
except PermissionError:
    OPENED = False
