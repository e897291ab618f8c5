#!/usr/bin/env python3
"""The web service's door under slow clients: holds N connections that are idle, or send a
request head a byte at a time and never finish it (the slow loris), or (--tls) never start the
TLS handshake; meanwhile another client (from 127.0.0.2) asks /healthz and an API read, each on
a new connection, and the latencies are printed (p50, p99, max, failures).

Usage: bench/web_door_bench.py PORT [--slow N] [--rounds R] [--tls CA_FILE]
The API read is anonymous: start that web_server with --allow_anonymous (before a project server
without --tokens_file), or it is a 401.
"""
import argparse
import http.client
import socket
import ssl
import statistics
import threading
import time


def hold(port, n, stop):
    held = []
    for i in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            continue
        if i % 2 == 1:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        held.append(s)

    def trickle():
        while not stop.is_set():
            for s in held:
                try:
                    s.send(b"a")
                except OSError:
                    pass
            stop.wait(1.0)

    threading.Thread(target=trickle, daemon=True).start()
    return held


def client(port, tls_ca):
    if tls_ca:
        ctx = ssl.create_default_context(cafile=tls_ca)
        conn = http.client.HTTPSConnection("localhost", port, timeout=10, context=ctx,
                                           source_address=("127.0.0.2", 0))
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                          source_address=("127.0.0.2", 0))
    return conn


def main():
    args = argparse.ArgumentParser()
    args.add_argument("port", type=int)
    args.add_argument("--slow", type=int, default=200)
    args.add_argument("--rounds", type=int, default=50)
    args.add_argument("--tls", default="")
    a = args.parse_args()
    stop = threading.Event()
    held = hold(a.port, a.slow, stop) if not a.tls else [
        socket.create_connection(("127.0.0.1", a.port)) for _ in range(a.slow)]
    time.sleep(0.5)
    latencies, failures = [], 0
    for _ in range(a.rounds):
        for method, path, body in (("GET", "/healthz", None),
                                   ("POST", "/api/district.project.v1.ProjectService/ListProjects",
                                    "{}")):
            start = time.monotonic()
            try:
                conn = client(a.port, a.tls)
                headers = {"Cookie": "district_csrf=bench", "X-CSRF-Token": "bench",
                           "Content-Type": "application/json"} if body else {}
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures += 1
                conn.close()
            except OSError:
                failures += 1
            latencies.append((time.monotonic() - start) * 1000)
    stop.set()
    for s in held:
        s.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, len(latencies) * 99 // 100)]
    print(f"{a.slow} slow {'TLS ' if a.tls else ''}connections held ({len(held)} opened): "
          f"{len(latencies)} requests, p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms, {failures} failed")


if __name__ == "__main__":
    main()
