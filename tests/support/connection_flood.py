"""Hold thousands of idle or slow connections against a port, as an attacker would.

Run as ``python connection_flood.py PORT COUNT [--slow]``: it raises its open-files limit,
opens COUNT connections to 127.0.0.1:PORT (with ``--slow``, every other one sends the start
of a request head and stalls), prints ``ready``, and reopens each connection the server
closes (at most ``REOPEN_PER_S`` a second: an attacker that keeps its count up) until its
stdin closes; then it prints how many it reopened. Exits 3 with a message
if the open-files limit cannot hold COUNT sockets.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import selectors
import socket
import sys
import threading
import time

#: Connections reopened per second at most.
REOPEN_PER_S = 1000
#: Connections opened at once while the flood builds up.
BATCH = 100


def main() -> None:
    """Flood until stdin closes (see the module docstring)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--slow", action="store_true")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.count + 256
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            print(f"the open-files limit is {hard}: cannot hold {args.count} sockets", flush=True)
            sys.exit(3)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    selector = selectors.DefaultSelector()
    opened = [0]
    closed = [0]  # by the server, not reopened yet
    connecting: set[socket.socket] = set()

    def open_one() -> None:
        sock = socket.socket()
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(("127.0.0.1", args.port))
        selector.register(sock, selectors.EVENT_WRITE, args.slow and opened[0] % 2 == 1)
        connecting.add(sock)
        opened[0] += 1

    def pump(timeout_s: float) -> None:
        for key, events in selector.select(timeout_s):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            if events & selectors.EVENT_WRITE:  # connected (or refused)
                connecting.discard(sock)
                if key.data:  # a slow one: the start of a head, then nothing
                    with contextlib.suppress(OSError):
                        sock.send(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                selector.modify(sock, selectors.EVENT_READ, key.data)
                continue
            selector.unregister(sock)
            connecting.discard(sock)
            sock.close()  # the server closed it: reopened below, at the rate allowed
            closed[0] += 1

    # In batches, each connected before the next: a burst of SYNs would overflow the
    # server's listen queue and leave thousands retransmitting for seconds.
    while opened[0] < args.count:
        for _ in range(min(BATCH, args.count - opened[0])):
            open_one()
        deadline = time.monotonic() + 10
        while connecting and time.monotonic() < deadline:
            pump(0.05)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("ready", flush=True)
    began = time.monotonic()
    while not stop.is_set():
        pump(0.01)
        allowed = int((time.monotonic() - began) * REOPEN_PER_S) - (opened[0] - args.count)
        for _ in range(min(closed[0], max(0, allowed))):
            closed[0] -= 1
            open_one()
    print(opened[0] - args.count, flush=True)


if __name__ == "__main__":
    main()
