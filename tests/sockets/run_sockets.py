#!/usr/bin/env python3
"""run_sockets.py CASE WRUN WASMTIME GUEST - one wasi:sockets test (ctest).

Runs the sockets guest (guest.c) under our wrun with --allow-net /
--allow-dns grants, against loopback servers started here on ephemeral
ports, and checks what it prints; where wasmtime can run the same step
(its -S inherit-network allows every address, -S allow-ip-name-lookup
name lookup) its output must be the same.  Every run has a timeout, so a
hung guest fails the test instead of hanging it.

Cases: tcp-connect, tcp-io, tcp-listen, udp, deny, dns, states, cli.
"""
import os
import re
import socket
import subprocess
import sys
import threading

TIMEOUT = 30
CASE, WRUN, WASMTIME, GUEST = sys.argv[1:5]
WT_NET = ["-S", "inherit-network"]
WT_DNS = ["-S", "allow-ip-name-lookup"]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def need(path, what):
    if not os.access(path, os.X_OK) and not os.path.isfile(path):
        fail(f"{what} not found at '{path}' (run the README's test command to install the oracles)")


def run(cmd):
    """(status, stdout, stderr) of cmd, failing the test on a timeout."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail(f"timed out after {TIMEOUT}s: {' '.join(cmd)}")
    return p.returncode, p.stdout, p.stderr


def ours(grants, *args):
    st, out, err = run([WRUN] + grants + [GUEST] + list(args))
    if st != 0:
        fail(f"wrun {' '.join(grants)} {' '.join(args)}: exit {st}\n{out}{err}")
    return out


def wasmtime(flags, *args):
    st, out, err = run([WASMTIME, "run"] + flags + [GUEST] + list(args))
    if st != 0:
        fail(f"wasmtime {' '.join(flags)} {' '.join(args)}: exit {st}\n{out}{err}")
    return out


def expect(what, got, want):
    if got != want:
        fail(f"{what}:\n--- expected\n{want}--- got\n{got}")


class EchoServer:
    """A TCP server on 127.0.0.1 or ::1 (ephemeral port) that echoes each
    connection until the client stops sending, then closes it."""

    def __init__(self, v6=False):
        self.sock = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("::1" if v6 else "127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            c.settimeout(TIMEOUT)
            with c:
                try:
                    while True:
                        data = c.recv(4096)
                        if not data:
                            break
                        c.sendall(data)
                except OSError:
                    pass

    def close(self):
        self.sock.close()


def tcp_connect():
    srv = EchoServer()
    p = str(srv.port)
    want = ("create: ok\nconnect: ok\nremote: 127.0.0.1 port-matches=1 local-port>0=1\n"
            "shutdown send: ok\necho: hello sockets\n")
    # the exact address, a wildcard port, "localhost", "*"
    for g in ([f"127.0.0.1:{p}"], ["127.0.0.1:*"], [f"localhost:{p}"], ["*"]):
        expect(f"tcp-connect with --allow-net {g[0]}",
               ours(["--allow-net"] + g, "tcp-connect", p, "hello sockets"), want)
    expect("tcp-connect under wasmtime", wasmtime(WT_NET, "tcp-connect", p, "hello sockets"), want)
    if srv.accepted != 5:
        fail(f"the echo server saw {srv.accepted} connections, expected 5")
    srv.close()


def have_ipv6():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        print("note: no IPv6 loopback here, the IPv6 steps are not run", file=sys.stderr)
        return False


def tcp_io():
    """The wasi:io side of a connection (write, flush, subscribe, read,
    splice), over IPv4 and IPv6."""
    for v6 in (False, True) if have_ipv6() else (False,):
        srv = EchoServer(v6)
        p, fam = str(srv.port), "v6" if v6 else "v4"
        want = ("create: ok\nconnect: ok\naddress-family: %d, remote: %s\n"
                "check-write >= 3: 1\nwrite: 1\nflush: 1\nblocking-write-and-flush: 1\n"
                "shutdown send: ok\nread: abc\nsplice: [defgh] closed\n"
                "shutdown both after drop: ok\n") % ((1, "0:0:0:0:0:0:0:1") if v6 else
                                                     (0, "127.0.0.1"))
        grant = "[::1]:" + p if v6 else "127.0.0.1:" + p
        expect(f"tcp-io {fam} (wrun)", ours(["--allow-net", grant], "tcp-io", p, fam), want)
        expect(f"tcp-io {fam} (wasmtime)", wasmtime(WT_NET, "tcp-io", p, fam), want)
        expect(f"tcp-io {fam} with the other family's loopback allowed",
               ours(["--allow-net", "127.0.0.1:*" if v6 else "[::1]:*"], "tcp-io", p, fam),
               "create: ok\nconnect: access-denied\n")
        srv.close()


def listen_once(cmd):
    """Start the listening guest, connect to the port it prints, send a
    line, check the answer; returns its whole stdout (port masked)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(TIMEOUT, proc.kill)
    timer.start()
    try:
        lines = []
        port = None
        while port is None:
            line = proc.stdout.readline()
            if not line:
                fail(f"{cmd[0]}: the guest ended before printing its port: {''.join(lines)}"
                     f"{proc.stderr.read()}")
            m = re.fullmatch(r"port (\d+)\n", line)
            if m:
                port = int(m.group(1))
                line = "port N\n"
            lines.append(line)
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
            c.sendall(b"hi from the driver")
            c.shutdown(socket.SHUT_WR)
            answer = b""
            while True:
                data = c.recv(4096)
                if not data:
                    break
                answer += data
        rest, err = proc.communicate()
    finally:
        timer.cancel()
    if proc.returncode != 0:
        fail(f"{cmd[0]}: exit {proc.returncode}: {err}")
    expect(f"{cmd[0]}: the guest's answer", answer.decode(), "got: hi from the driver")
    return "".join(lines) + rest


def tcp_listen():
    want = ("bind: ok\nlisten: ok\nis-listening: 1\nport N\n"
            "accepted: from 127.0.0.1, client listening: 0\nreceived: hi from the driver\n")
    expect("tcp-listen (wrun)", listen_once([WRUN, "--allow-net", "127.0.0.1:*", GUEST,
                                             "tcp-listen"]), want)
    expect("tcp-listen (wasmtime)", listen_once([WASMTIME, "run"] + WT_NET + [GUEST,
                                                 "tcp-listen"]), want)
    # binding needs a grant for the local address too; listening, one for
    # the actual (ephemeral) port
    expect("tcp-listen without a grant for 127.0.0.1",
           ours(["--allow-net", "10.0.0.1:*"], "tcp-listen"), "bind: access-denied\n")
    expect("tcp-listen with 127.0.0.1:53 only",
           ours(["--allow-net", "127.0.0.1:53"], "tcp-listen"),
           "bind: ok\nlisten: access-denied\n")


def udp():
    want = ("bind a: ok\nbind b: ok\nstream a (any peer): ok\nstream b (peer a): ok\n"
            "b remote is a: 1\na remote-address: invalid-state\nb sends: ok\n"
            "a received 1 datagram(s): ping\nfrom b: 1\na replies: ok\n"
            "b received 1 datagram(s): pong\nb sends elsewhere: invalid-argument\n"
            "a sends without address: invalid-argument\n")
    expect("udp (wrun)", ours(["--allow-net", "127.0.0.1:*"], "udp"), want)
    expect("udp (wasmtime)", wasmtime(WT_NET, "udp"), want)
    # many stream() calls while the host's tables grow
    expect("udp churn (wrun)", ours(["--allow-net", "127.0.0.1:*"], "churn"),
           "bind: ok\nstreams: 300 of 300\n")
    expect("udp churn (wasmtime)", wasmtime(WT_NET, "churn"), "bind: ok\nstreams: 300 of 300\n")
    if have_ipv6():
        expect("udp v6 (wrun)", ours(["--allow-net", "[::1]:*"], "udp", "v6"), want)
        expect("udp v6 (wasmtime)", wasmtime(WT_NET, "udp", "v6"), want)


def deny():
    srv = EchoServer()
    p = str(srv.port)
    other = str(srv.port + 1 if srv.port < 65535 else srv.port - 1)
    want = "tcp: access-denied\nudp: access-denied\n"
    expect("deny without --allow-net", ours([], "deny", p), want)
    expect("deny with another port allowed", ours(["--allow-net", f"127.0.0.1:{other}"], "deny", p),
           want)
    expect("deny with another host allowed", ours(["--allow-net", f"10.1.2.3:{p}"], "deny", p),
           want)
    expect("deny under wasmtime without inherit-network", wasmtime([], "deny", p), want)
    if srv.accepted:
        fail("a denied guest reached the server")
    srv.close()


def dns():
    got = ours(["--allow-dns"], "dns", "localhost")
    if not got.startswith("resolve-addresses: ok\n") or "address: 127.0.0.1\n" not in got:
        fail(f"dns localhost: {got}")
    expect("dns localhost under wasmtime", wasmtime(WT_DNS, "dns", "localhost"), got)
    expect("dns ::1", ours(["--allow-dns"], "dns", "::1"),
           "resolve-addresses: ok\naddress: 0:0:0:0:0:0:0:1\n")
    expect("dns of a bad name", ours(["--allow-dns"], "dns", "a b"),
           "resolve-addresses: invalid-argument\n")
    expect("dns of a bad name (wasmtime)", wasmtime(WT_DNS, "dns", "a b"),
           "resolve-addresses: invalid-argument\n")
    expect("dns without --allow-dns", ours([], "dns", "localhost"),
           "resolve-addresses: access-denied\n")
    expect("dns with only --allow-net", ours(["--allow-net", "*"], "dns", "localhost"),
           "resolve-addresses: access-denied\n")


def states():
    got = ours(["--allow-net", "*"], "states")
    expect("states: wrun and wasmtime", got, wasmtime(WT_NET, "states"))
    for line in ("finish-bind before start: not-in-progress\n", "listen unbound: invalid-state\n",
                 "start-bind again: concurrency-conflict\n",
                 "connect refused: connection-refused\n", "accept none pending: would-block\n",
                 "set-hop-limit 0: invalid-argument\n"):
        if line not in got:
            fail(f"states: no line '{line.strip()}' in\n{got}")
    # a connect that stays pending (the listener's queue is full)
    got = ours(["--allow-net", "127.0.0.1:*"], "pending")
    expect("pending: wrun and wasmtime", got, wasmtime(WT_NET, "pending"))
    for line in ("finish-connect: would-block\n", "start-connect again: concurrency-conflict\n",
                 "pollable ready: 0\n"):
        if line not in got:
            fail(f"pending: no line '{line.strip()}' in\n{got}")


def cli():
    for bad in ("80", "host", ":80", "127.0.0.1:"):
        st, _, err = run([WRUN, "--allow-net", bad, GUEST, "states"])
        if st != 2 or "--allow-net" not in err:
            fail(f"--allow-net {bad}: exit {st}, expected 2: {err}")
    for bad in ("1.2.3:80", "127.0.0.1:99999", "fe80::1:80", "example.com:80", "127.0.0.1:0"):
        st, _, err = run([WRUN, "--allow-net", bad, GUEST, "states"])
        if st != 1 or bad not in err:
            fail(f"--allow-net {bad}: exit {st}, expected 1 naming it: {err}")
    # --timeout ends a guest waiting for a connection that never comes
    st, out, err = run([WRUN, "--timeout", "300", "--allow-net", "127.0.0.1:*", GUEST,
                        "tcp-listen"])
    if st != 134 or "port " not in out or "timeout" not in err:
        fail(f"tcp-listen with --timeout 300: exit {st}, expected 134: {out}{err}")
    st, out, _ = run([WRUN, "--help"])
    if st != 0 or "--allow-net" not in out or "--allow-dns" not in out:
        fail("--help does not list --allow-net and --allow-dns")


need(WRUN, "wrun")
need(GUEST, "the sockets guest")
if CASE != "cli":
    need(WASMTIME, "wasmtime")
CASES = {"tcp-connect": tcp_connect, "tcp-io": tcp_io, "tcp-listen": tcp_listen, "udp": udp,
         "deny": deny, "dns": dns, "states": states, "cli": cli}
CASES[CASE]()
print("PASS: " + CASE)
