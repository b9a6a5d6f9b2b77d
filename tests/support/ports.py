"""A free TCP port on 127.0.0.1, for servers the tests start and for collectors that are down.

Standard library only: every cell imports it.
"""

from __future__ import annotations

import socket


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now.

    The port is bound and released at once, so another process may take it before the
    caller does; the tests use it for servers they start next and for endpoints that must
    refuse connections.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
