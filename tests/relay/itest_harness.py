# SPDX-License-Identifier: GPL-3.0-or-later
"""The pieces relay_itest.py builds its worlds from: a throwaway PKI made with the real
`sandi ca`, the real `sandi-relay` started and stopped as a process, devices enrolled
with the real `sandi account`, and a small runner that reports every scenario.

Nothing here sleeps to wait for something to be ready: every wait polls with a deadline."""
import asyncio
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire_client  # noqa: E402

# How long one CLI command may take before the test calls it hung.
CLI_TIMEOUT_S = 180
# How long the relay may take to print its address (a start, not the timed one).
RELAY_START_DEADLINE_S = 10
# CLI commands run side by side where their order does not matter (the machine has 2 cores).
PARALLEL_COMMANDS = 2


class Failed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def wait_until(predicate, timeout, what, interval=0.02):
    """Polls `predicate` until it returns a true value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failed(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def run_async(coro, timeout=60):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def parallel(*thunks):
    """Runs independent steps side by side; their results in order (the first failure is raised)."""
    with ThreadPoolExecutor(PARALLEL_COMMANDS) as pool:
        futures = [pool.submit(t) for t in thunks]
        return [f.result() for f in futures]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Result:
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    def describe(self):
        return (f"$ {' '.join(self.argv)}\n  exit {self.rc}\n  stdout: {self.out.strip()[:2000]}\n"
                f"  stderr: {self.err.strip()[:2000]}")

    def expect(self, rc=0):
        check(self.rc == rc, f"expected exit {rc}\n{self.describe()}")
        return self


class Harness:
    """The binaries, a temporary directory for one test group, and the runner."""

    def __init__(self, sandi, relay, keep=False):
        self.sandi_bin = os.path.abspath(sandi)
        self.relay_bin = os.path.abspath(relay)
        self.keep = keep
        self.root = tempfile.mkdtemp(prefix="sandi-relay-itest-")
        self.env = dict(os.environ)
        self.env.pop("SANDI_TRACE", None)
        self.relays = []
        self.results = []

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def run(self, argv, timeout=CLI_TIMEOUT_S):
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=self.env)
        except subprocess.TimeoutExpired as e:
            raise Failed(f"$ {' '.join(argv)}: did not finish in {timeout} s\n"
                         f"stdout: {e.stdout}\nstderr: {e.stderr}") from None
        return Result(argv, p.returncode, p.stdout, p.stderr)

    def sandi(self, *args, timeout=CLI_TIMEOUT_S):
        return self.run([self.sandi_bin, *map(str, args)], timeout)

    def relay_cmd(self, *args, timeout=60):
        return self.run([self.relay_bin, *map(str, args)], timeout)

    # ---- the runner ----
    def scenario(self, title, fn):
        started = time.monotonic()
        try:
            fn()
            self.results.append((title, True, ""))
            print(f"PASS  {title}  ({time.monotonic() - started:.1f} s)", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, the next scenario runs
            detail = str(e) if isinstance(e, Failed) else traceback.format_exc()
            self.results.append((title, False, detail))
            print(f"FAIL  {title}  ({time.monotonic() - started:.1f} s)\n{indent(detail)}", flush=True)
            for r in self.relays:
                print(indent(f"relay {r.name} log (last lines):\n{r.log_tail()}"), flush=True)

    def close(self):
        for r in self.relays:
            r.stop()
        failed = [t for t, ok, _ in self.results if not ok]
        if failed or self.keep:
            print(f"work directory kept: {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)
        return not failed


def indent(text, by="      "):
    return "\n".join(by + line for line in str(text).splitlines())


# ---- PKI ----------------------------------------------------------------------------

class Pki:
    """A root, two office CAs and the relay's TLS certificate, made with `sandi ca` as
    certs/make-demo-pki.sh makes them (the same profiles, fewer people)."""

    OFFICES = {
        "provinsi": ("Provinsi Sulawesi Tenggara", "sultraprov.go.id"),
        "buton": ("Kabupaten Buton", "butonkab.go.id"),
    }

    def __init__(self, h, directory):
        self.h = h
        self.dir = directory
        for d in ("ca", "pass", "trust", "people"):
            os.makedirs(os.path.join(directory, d), exist_ok=True)
        self.lock = threading.Lock()  # one `sandi ca` at a time on a CA's database
        self.passes = {}
        for name, text in (("root", "test root passphrase"), ("office", "test office passphrase"),
                           ("user", "test user passphrase")):
            p = self.file("pass", f"{name}.pass")
            with open(p, "w") as f:
                f.write(text + "\n")
            os.chmod(p, 0o600)
            self.passes[name] = p
        h.sandi("ca", "init-root", "--dir", self.file("ca", "root"), "--org", "Pemerintah Provinsi Sulawesi Tenggara",
                "--cn", "Sandi Test Root CA", "--pass-file", self.passes["root"]).expect(0)
        for slug, (office, domain) in self.OFFICES.items():
            extra = ["--permit-dns", domain] if slug == "provinsi" else []
            h.sandi("ca", "init-office", "--root", self.file("ca", "root"), "--dir", self.file("ca", slug),
                    "--office", office, "--permit-email", domain, *extra, "--ca-pass-file", self.passes["root"],
                    "--pass-file", self.passes["office"]).expect(0)
        h.sandi("ca", "issue", "--dir", self.file("ca", "provinsi"), "--profile", "relay-tls", "--cn", "Sandi Relay",
                "--dns", "relay.sultraprov.go.id", "--ip", "127.0.0.1", "--out", self.file("relay"),
                "--ca-pass-file", self.passes["office"], "--pass-file", self.passes["user"]).expect(0)
        shutil.copy(self.file("ca", "root", "ca.crt.pem"), self.root_pem)
        self.publish_crls()

    def file(self, *parts):
        return os.path.join(self.dir, *parts)

    @property
    def root_pem(self):
        return self.file("trust", "root.pem")

    @property
    def crls_pem(self):
        return self.file("crls.pem")

    def publish_crls(self):
        """crls.pem: every CA's current CRL (written atomically: the relay may read it)."""
        tmp = self.crls_pem + ".tmp"
        with open(tmp, "w") as out:
            for ca in ["root", *self.OFFICES]:
                with open(self.file("ca", ca, "crl.pem")) as f:
                    out.write(f.read())
        os.replace(tmp, self.crls_pem)

    def issue_device(self, office, csr, prefix):
        with self.lock:
            r = self.h.sandi("ca", "issue", "--dir", self.file("ca", office), "--profile", "device", "--csr", csr,
                             "--out", prefix, "--ca-pass-file", self.passes["office"]).expect(0)
        m = re.search(r"issued device certificate ([0-9A-F]+)", r.out)
        check(m, f"no serial in the issue output\n{r.describe()}")
        return m.group(1)

    def issue_signing(self, office, cn, nip, title, email, prefix):
        with self.lock:
            self.h.sandi("ca", "issue", "--dir", self.file("ca", office), "--profile", "signing", "--cn", cn,
                         "--nip", nip, "--title", title, "--email", email, "--out", prefix, "--ca-pass-file",
                         self.passes["office"], "--pass-file", self.passes["user"]).expect(0)
        return prefix + ".p12"

    def revoke(self, office, serial, reason="keyCompromise"):
        with self.lock:
            self.h.sandi("ca", "revoke", "--dir", self.file("ca", office), serial, "--reason", reason).expect(0)
            self.h.sandi("ca", "crl", "--dir", self.file("ca", office), "--ca-pass-file",
                         self.passes["office"]).expect(0)
            self.publish_crls()

    def relay_flags(self):
        return ["--tls-p12", self.file("relay.p12"), "--tls-pass-file", self.passes["user"], "--trust", self.root_pem,
                "--crl", self.crls_pem]


# ---- the relay process --------------------------------------------------------------

class Relay:
    """One sandi-relay: started with the PKI's TLS and trust flags plus `flags`, on a
    port the kernel picks (or the one it had, for a restart), its stderr in a file."""

    def __init__(self, h, pki, name, flags=(), http=True, data=None):
        self.h, self.pki, self.name = h, pki, name
        self.flags = list(flags)
        self.http_wanted = http
        self.data = data or h.path(f"relay-{name}")
        self.proc = None
        self.port = None
        self.http = None
        self.starts = 0
        self.stdout_lines = []
        h.relays.append(self)

    @property
    def url(self):
        return f"wss://127.0.0.1:{self.port}"

    @property
    def log_path(self):
        return self.h.path(f"relay-{self.name}.log")

    def start(self, port=None):
        """Starts the relay; returns the seconds from spawning it to its "listening on" line."""
        check(self.proc is None, "relay already running")
        listen = f"127.0.0.1:{port if port is not None else 0}"
        argv = [self.h.relay_bin, "--listen", listen, "--data", self.data, *self.pki.relay_flags(), *self.flags]
        if self.http_wanted:
            argv += ["--http", "127.0.0.1:0"]
        log = open(self.log_path, "a")
        log.write(f"---- start {self.starts}: {' '.join(argv)}\n")
        log.flush()
        lines = []
        cond = threading.Condition()
        started = time.monotonic()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log, text=True, env=self.h.env)
        log.close()

        def reader(proc=self.proc):
            for line in proc.stdout:
                with cond:
                    lines.append((time.monotonic(), line.rstrip("\n")))
                    cond.notify_all()
            with cond:
                lines.append((time.monotonic(), None))
                cond.notify_all()

        threading.Thread(target=reader, daemon=True).start()

        def line_matching(pattern):
            deadline = started + RELAY_START_DEADLINE_S
            with cond:
                while True:
                    for at, text in lines:
                        if text is None:
                            raise Failed(f"relay {self.name} exited ({self.proc.wait()}) before printing "
                                         f"'{pattern}'\n{self.log_tail()}")
                        m = re.search(pattern, text)
                        if m:
                            return at, m
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise Failed(f"relay {self.name} printed no '{pattern}' in {RELAY_START_DEADLINE_S} s")
                    cond.wait(left)

        at, m = line_matching(r"^listening on wss://127\.0\.0\.1:(\d+)/$")
        self.start_cpu = self.cpu_seconds()
        self.port = int(m.group(1))
        if self.http_wanted:
            _, m = line_matching(r"^http on http://(127\.0\.0\.1:\d+)/$")
            self.http = m.group(1)
        self.stdout_lines = lines
        self.starts += 1
        return at - started

    def cpu_seconds(self):
        """The relay's user + system CPU time so far (to tell a slow relay from a busy machine)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill9(self):
        self.proc.kill()
        self.proc.wait(10)
        self.proc = None

    def stop(self):
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise Failed(f"relay {self.name} did not stop on SIGTERM within 15 s")
        finally:
            self.proc = None

    def restart(self):
        """kill -9, then start again on the same port and data directory."""
        self.kill9()
        return self.start(port=self.port)

    def hup(self):
        self.proc.send_signal(signal.SIGHUP)

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def log_tail(self, n=25):
        try:
            return "\n".join(self.log().splitlines()[-n:])
        except OSError:
            return "(no log)"

    def audit_lines(self, what, since=0):
        """The relay's structured log lines of audit events `what` (after offset `since`)."""
        return [line for line in self.log()[since:].splitlines()
                if " event=audit " in line and f" what={what} " in line]

    def log_size(self):
        return len(self.log())

    def wait_audit(self, what, contains, since=0, timeout=10):
        return wait_until(lambda: [l for l in self.audit_lines(what, since) if contains in l], timeout,
                          f"an audit line '{what}' containing '{contains}' in relay {self.name}'s log")

    def get(self, path):
        with urllib.request.urlopen(f"http://{self.http}{path}", timeout=10) as r:
            return r.status, r.read().decode()

    def metrics(self):
        status, text = self.get("/metrics")
        check(status == 200, f"/metrics answered {status}")
        values = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                values[name] = float(value)
        return values

    def db_path(self):
        return os.path.join(self.data, "relay.db")


# ---- devices ------------------------------------------------------------------------

class Device:
    """One store of the `sandi` CLI: one device of one official."""

    def __init__(self, h, pki, label, name, nip, office, position=""):
        self.h, self.pki = h, pki
        self.label, self.name, self.nip, self.office, self.position = label, name, nip, office, position
        self.store = h.path("stores", label)
        self.passphrase = f"store passphrase of {label}"
        self.pass_file = h.path("stores", f"{label}.pass")
        os.makedirs(os.path.dirname(self.store), exist_ok=True)
        with open(self.pass_file, "w") as f:
            f.write(self.passphrase + "\n")
        self.serial = None
        self.device_id = None

    def enrol(self, relay_url):
        csr = self.store + ".csr"
        extra = ["--position", self.position] if self.position else []
        self.h.sandi("account", "request", "--store", self.store, "--out", csr, "--name", self.name, "--nip", self.nip,
                     *extra, "--pass-file", self.pass_file).expect(0)
        prefix = self.store + "-dev"
        self.serial = self.pki.issue_device(self.office, csr, prefix)
        r = self.h.sandi("account", "init", "--store", self.store, "--cert", prefix + ".chain.pem", "--trust",
                         self.pki.root_pem, "--crl", self.pki.crls_pem, "--relay", relay_url, "--pass-file",
                         self.pass_file).expect(0)
        check(r.err == "", f"account init prints nothing on stderr (no Qt warning)\n{r.describe()}")
        m = re.search(r"device ([0-9a-f]{32})", r.out)
        check(m, f"no device id in the init output\n{r.describe()}")
        self.device_id = m.group(1)
        return self

    def cli(self, *args, timeout=CLI_TIMEOUT_S):
        return self.h.sandi(*args, "--store", self.store, "--pass-file", self.pass_file, timeout=timeout)

    def inbox(self, rc=0):
        """`sandi inbox --json`: the memos (one JSON object a line) and the problems it reported."""
        r = self.cli("inbox", "--json").expect(rc)
        memos = [json.loads(line) for line in r.out.splitlines() if line.strip()]
        problems = [line for line in r.err.splitlines() if line.startswith("sandi inbox:")]
        return memos, problems, r

    def send(self, hal, to=(), group=None, body=None, attach=(), client_id=None, sign_key=None, timeout=CLI_TIMEOUT_S):
        body_file = self.h.path("stores", f"{self.label}-body.txt")
        with open(body_file, "w") as f:
            f.write(body if body is not None else f"Isi memo '{hal}'.\n")
        args = ["send", "--hal", hal, "--body-file", body_file]
        for nip in to:
            args += ["--to", nip]
        if group:
            args += ["--group", group]
        for a in attach:
            args += ["--attach", a]
        if client_id:
            args += ["--id", client_id]
        if sign_key:
            args += ["--sign", "--key", sign_key, "--key-pass-file", self.pki.passes["user"]]
        return self.cli(*args, timeout=timeout)

    def send_ok(self, hal, **kw):
        r = self.send(hal, **kw).expect(0)
        m = re.search(r"memo ([0-9a-f]{32}) accepted by the relay for (\d+) device", r.out)
        check(m, f"send did not say the relay accepted it\n{r.describe()}")
        return m.group(1), int(m.group(2)), r

    def wire(self, relay):
        return wire_client.Client(relay.url + "/", cert=os.path.join(self.store, "device.crt.pem"),
                                  key=os.path.join(self.store, "device.key.pem"), password=self.passphrase,
                                  ca=self.pki.root_pem)

    def tls_context(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.load_verify_locations(self.pki.root_pem)
        ctx.load_cert_chain(os.path.join(self.store, "device.crt.pem"), os.path.join(self.store, "device.key.pem"),
                            password=self.passphrase)
        return ctx


# ---- a WebSocket by hand, for what websockets will not do (not answering pings) -----

class RawWebSocket:
    """A TLS connection upgraded to a WebSocket by hand, which reads frames and never
    answers a ping."""

    def __init__(self, port, ctx):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.tls = ctx.wrap_socket(sock, server_hostname="127.0.0.1")
        key = base64.b64encode(os.urandom(16)).decode()
        self.tls.sendall((f"GET /v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                         .encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.tls.recv(4096)
            check(chunk, "the relay closed the connection during the WebSocket upgrade")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.status_line = head.split(b"\r\n")[0].decode()
        check(" 101 " in self.status_line, f"no WebSocket upgrade: {self.status_line}")

    def frames_until_closed(self, timeout):
        """(seconds since the call, opcode, payload) of each frame until the relay closes."""
        started = time.monotonic()
        self.tls.settimeout(0.2)
        frames = []
        closed = False
        while not closed:
            check(time.monotonic() - started < timeout, f"the relay did not close the connection in {timeout} s; "
                                                        f"frames so far: {[(round(t, 2), o) for t, o, _ in frames]}")
            try:
                chunk = self.tls.recv(65536)
                if not chunk:
                    closed = True
                self.buf += chunk
            except (socket.timeout, ssl.SSLWantReadError):
                pass
            except (ConnectionError, ssl.SSLError):
                closed = True
            while True:
                frame = self._parse()
                if frame is None:
                    break
                frames.append((time.monotonic() - started, *frame))
        return frames

    def _parse(self):
        b = self.buf
        if len(b) < 2:
            return None
        opcode, length, at = b[0] & 0x0F, b[1] & 0x7F, 2
        if length == 126:
            if len(b) < 4:
                return None
            length, at = struct.unpack(">H", b[2:4])[0], 4
        elif length == 127:
            if len(b) < 10:
                return None
            length, at = struct.unpack(">Q", b[2:10])[0], 10
        if b[1] & 0x80:
            at += 4  # a server never masks; tolerate it anyway
        if len(b) < at + length:
            return None
        self.buf = b[at + length:]
        return opcode, b[at:at + length]

    def close(self):
        try:
            self.tls.close()
        except OSError:
            pass
