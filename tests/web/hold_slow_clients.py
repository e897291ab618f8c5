#!/usr/bin/env python3
"""Keeps N hostile connections open to 127.0.0.1:PORT until killed: half idle, half a request head
trickled a byte a second and never finished (the slow loris). The server's deadlines close them;
each is opened again, so the pressure lasts. For the browser test: the page must stay usable.

Usage: hold_slow_clients.py PORT [N]
"""
import socket
import sys
import time

port, n = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200


def open_one(i):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.setblocking(False)
        if i % 2:
            s.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        return s
    except OSError:
        return None


held = [open_one(i) for i in range(n)]
while True:
    time.sleep(1)
    for i, s in enumerate(held):
        try:
            if s is None:
                raise OSError
            if i % 2:
                s.send(b"a")
            elif s.recv(1) == b"":  # closed by the server: idle too long
                raise OSError
        except BlockingIOError:
            pass
        except OSError:
            if s is not None:
                s.close()
            held[i] = open_one(i)
