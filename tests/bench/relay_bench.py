#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay benchmark (docs/benchmarks.md, "Relay"): sandi-relay against Mosquitto, the
same patterns side by side in one run (the machine is shared and noisy: each figure is
the median of REPEAT runs, the two servers alternating).

  relay_bench.py BUILD_DIR DEMO_PKI WORK_DIR [--seconds 10] [--pairs 50] [--size 1024]
                 [--saturate-rate 50000] [--latency-rate 5000] [--idle 1000] [--repeat 3]

Each run starts its server afresh (an empty data directory on WORK_DIR's file system,
which must not be tmpfs) and stops it after:

1. durable throughput: PAIRS sender/receiver devices, 1 KiB messages offered open-loop at
   SATURATE-RATE messages/s (more than either server takes), for SECONDS after a 2 s
   warm-up: messages accepted per second (sandi: "send" answered, after the group
   commit; Mosquitto: PUBACK);
2. delivery latency at LATENCY-RATE messages/s: p50/p99 from the time each message was
   due to its arrival at the receiver;
3. idle connections: 10, then IDLE more TLS connections that authenticate and stay; the
   server's RSS growth per connection.

sandi-relay: SQLite (synchronous=FULL), the per-device send rate limit raised out of the
way (--rate-per-second), everything else as shipped. Mosquitto 2 (Debian's): MQTT 3.1.1,
QoS 1, persistent sessions, persistence on (its snapshot every autosave_interval, i.e. not
durable per message), TLS 1.3 with client certificates against the same root and CRLs,
the same per-subscriber limits as the relay (256 in flight, 10,000 queued).
"""
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

BUILD, PKI, WORK = (os.path.abspath(a) for a in sys.argv[1:4])


def opt(name, default, kind=int):
    return kind(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


SECONDS = opt("--seconds", 10.0, float)
PAIRS = opt("--pairs", 50)
SIZE = opt("--size", 1024)
SATURATE = opt("--saturate-rate", 50000.0, float)
LATENCY_RATE = opt("--latency-rate", 5000.0, float)
IDLE = opt("--idle", 1000)
REPEAT = opt("--repeat", 3)
WINDOW = opt("--window", 64)
BASELINE = 10
GOAL_P99_MS = 10.0
GOAL_IDLE_RATIO = 2.0

RELAY_BINARY = os.path.join(BUILD, "server/relay/sandi-relay")
RELAY_LOAD = os.path.join(BUILD, "tests/bench/bench_relay_load")
MQTT_LOAD = os.path.join(BUILD, "tests/bench/bench_mqtt_load")
CERT_TOOL = os.path.join(BUILD, "tests/bench/bench_device_certs")
ROOT = os.path.join(PKI, "trust/root.pem")
CRLS = os.path.join(PKI, "crls.pem")
os.makedirs(WORK, exist_ok=True)
# The relay runs under a name of its own: on a shared machine other jobs' clean-ups stop
# processes named sandi-relay, and a run must not lose its server half-way.
RELAY = os.path.join(WORK, "relay-under-test")
if os.path.lexists(RELAY):
    os.remove(RELAY)
os.symlink(RELAY_BINARY, RELAY)


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def check_disk():
    fs = subprocess.run(["stat", "-f", "-c", "%T", WORK], capture_output=True, text=True).stdout.strip()
    if fs in ("tmpfs", "ramfs"):
        sys.exit(f"relay_bench: {WORK} is on {fs}: fsync would cost nothing there; use a disk")
    return fs


def device_certs(count):
    """COUNT device certificates of the demo PKI's Kabupaten Buton office, made once per PKI."""
    out = os.path.join(WORK, "certs")
    stamp = os.path.join(out, "made-for")
    root = open(ROOT).read()
    if os.path.exists(stamp) and open(stamp).read() == root and os.path.exists(os.path.join(out, "dev-%05d.pem" % (count - 1))):
        return out
    shutil.rmtree(out, ignore_errors=True)
    ca = os.path.join(WORK, "ca-copy")  # the CA records what it issues: a copy, not the demo's
    shutil.rmtree(ca, ignore_errors=True)
    shutil.copytree(os.path.join(PKI, "ca/buton"), ca)
    if os.path.exists(os.path.join(ca, ".lock")):
        os.remove(os.path.join(ca, ".lock"))
    subprocess.run([CERT_TOOL, ca, os.path.join(PKI, "pass/office.pass"), str(count), out], check=True,
                   stdout=subprocess.DEVNULL)
    open(stamp, "w").write(root)
    return out


def mosquitto_tls():
    """The relay's TLS key and certificate chain, exported for Mosquitto."""
    d = os.path.join(WORK, "mosquitto-tls")
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o700)
    p12 = os.path.join(PKI, "services/relay.p12")
    pw = "file:" + os.path.join(PKI, "pass/user.pass")

    def export(flags):
        return subprocess.run(["openssl", "pkcs12", "-in", p12, "-passin", pw, *flags], check=True,
                              capture_output=True, text=True).stdout

    key = os.path.join(d, "relay.key")
    with open(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(export(["-nocerts", "-nodes"]))
    chain = os.path.join(d, "relay-chain.pem")
    open(chain, "w").write(export(["-clcerts", "-nokeys"]) + export(["-cacerts", "-nokeys"]))
    return key, chain


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kind, tag):
        self.kind = kind
        self.dir = os.path.join(WORK, f"{kind}-{tag}")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        if kind == "sandi":
            self.proc = subprocess.Popen(
                [RELAY, "--listen", "127.0.0.1:0", "--tls-p12", os.path.join(PKI, "services/relay.p12"),
                 "--tls-pass-file", os.path.join(PKI, "pass/user.pass"), "--trust", ROOT, "--crl", CRLS,
                 "--data", os.path.join(self.dir, "data"), "--rate-per-second", "1000000", "--rate-burst", "1000000",
                 "--max-connections-per-address", "100000"],
                stdout=subprocess.PIPE, stderr=self.log, text=True, preexec_fn=raise_fd_limit)
            line = self.proc.stdout.readline()
            if not line.startswith("listening on wss://"):
                raise SystemExit(f"sandi-relay did not start: {line!r}, see {self.log.name}")
            self.port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
        else:
            self.port = free_port()
            key, chain = TLS
            conf = os.path.join(self.dir, "mosquitto.conf")
            os.makedirs(os.path.join(self.dir, "data"))
            open(conf, "w").write(f"""per_listener_settings false
allow_anonymous false
persistence true
persistence_location {self.dir}/data/
max_inflight_messages 256
max_queued_messages 10000
set_tcp_nodelay true
log_dest stderr
log_type error
log_type warning
connection_messages false
user root
listener {self.port} 127.0.0.1
cafile {ROOT}
crlfile {CRLS}
certfile {chain}
keyfile {key}
tls_version tlsv1.3
require_certificate true
use_identity_as_username true
""")
            self.proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=self.log, stderr=self.log,
                                         preexec_fn=raise_fd_limit)
            deadline = time.time() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline or self.proc.poll() is not None:
                        raise SystemExit(f"mosquitto did not start, see {self.log.name}")
                    time.sleep(0.05)
        time.sleep(0.5)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def generate(server, args):
    tool = RELAY_LOAD if server.kind == "sandi" else MQTT_LOAD
    cmd = [tool, "--port", str(server.port), "--certs", CERTS, "--ca", ROOT, "--pid", str(server.proc.pid), *args]
    r = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=raise_fd_limit)
    if server.proc.poll() is not None:
        raise SystemExit(f"{server.kind} exited during the run (status {server.proc.returncode}); see {server.log.name}")
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(kind, tag, args):
    s = Server(kind, tag)
    try:
        return generate(s, args)
    finally:
        s.stop()


def load_args(rate):
    return ["--mode", "load", "--pairs", str(PAIRS), "--rate", str(rate), "--size", str(SIZE), "--seconds",
            str(SECONDS), "--warmup", "2", "--window", str(WINDOW)]


check_disk()
raise_fd_limit()
CERTS = device_certs(max(2 * PAIRS, IDLE + BASELINE))
TLS = mosquitto_tls()
results = {"sandi": {"throughput": [], "latency": [], "idle": []},
           "mosquitto": {"throughput": [], "latency": [], "idle": []}}
for i in range(REPEAT):
    for kind in ("sandi", "mosquitto"):
        results[kind]["throughput"].append(run(kind, f"throughput-{i}", load_args(SATURATE)))
    for kind in ("sandi", "mosquitto"):
        results[kind]["latency"].append(run(kind, f"latency-{i}", load_args(LATENCY_RATE)))
    for kind in ("sandi", "mosquitto"):
        results[kind]["idle"].append(run(kind, f"idle-{i}", ["--mode", "idle", "--connections", str(IDLE),
                                                             "--baseline", str(BASELINE)]))
    print(f"round {i + 1}/{REPEAT} done", file=sys.stderr)
json.dump(results, open(os.path.join(WORK, "relay-bench.json"), "w"), indent=1)
for kind in results:
    for phase in ("throughput", "latency"):
        for r in results[kind][phase]:
            r["server_hwm_mib"] = r["server_hwm_kib"] / 1024


def med(kind, phase, key):
    return statistics.median(r[key] for r in results[kind][phase])


def row(label, key, phase, fmt):
    s, m = med("sandi", phase, key), med("mosquitto", phase, key)
    ratio = s / m if m else float("nan")
    print(f"| {label} | {fmt % s} | {fmt % m} | {ratio:.2f} |")
    return s, m, ratio


print(f"relay benchmark: {PAIRS} sender/receiver pairs, {SIZE}-byte messages, {SECONDS:.0f} s measured, "
      f"window {WINDOW}, median of {REPEAT} (cores: {os.cpu_count()}, data on {check_disk()})")
print("| | sandi-relay (durable) | Mosquitto (QoS 1, snapshot persistence) | Sandi/Mosquitto |")
print("| --- | --- | --- | --- |")
tp = row(f"accepted msg/s, offered {SATURATE:.0f}/s", "accepted_per_s", "throughput", "%.0f")
row("  delivered msg/s", "delivered_per_s", "throughput", "%.0f")
row("  server CPU (cores)", "server_cpu_cores", "throughput", "%.2f")
row("  generator CPU (cores)", "generator_cpu_cores", "throughput", "%.2f")
row("  server peak RSS (MiB)", "server_hwm_mib", "throughput", "%.1f")
row(f"accepted msg/s at {LATENCY_RATE:.0f}/s", "accepted_per_s", "latency", "%.0f")
row("  p50 delivery (ms)", "p50_ms", "latency", "%.2f")
lat = row("  p99 delivery (ms)", "p99_ms", "latency", "%.2f")
row("  p99 socket → delivery (ms)", "wire_p99_ms", "latency", "%.2f")
row("  server CPU (cores)", "server_cpu_cores", "latency", "%.2f")
row("  server peak RSS (MiB)", "server_hwm_mib", "latency", "%.1f")
idle = row(f"idle TLS connection (KiB each, {IDLE})", "kib_per_connection", "idle", "%.1f")
lost = {k: sum(r["accepted"] - r["delivered"] for p in ("throughput", "latency") for r in results[k][p])
        for k in results}
errors = {k: [r["errors"] for p in ("throughput", "latency") for r in results[k][p] if r["errors"]] for k in results}
print(f"accepted but not delivered (all runs): sandi {lost['sandi']}, mosquitto {lost['mosquitto']}; "
      f"errors: {errors}")
print("goals:")
print(f"  durable throughput >= Mosquitto's: {tp[2]:.2f}x -> {'met' if tp[2] >= 1 else 'MISSED'}")
print(f"  p99 delivery < {GOAL_P99_MS:.0f} ms at {LATENCY_RATE:.0f} msg/s: {lat[0]:.2f} ms -> "
      f"{'met' if 0 <= lat[0] < GOAL_P99_MS else 'MISSED'} (Mosquitto {lat[1]:.2f} ms)")
print(f"  idle connection <= {GOAL_IDLE_RATIO:.0f}x Mosquitto's: {idle[2]:.2f}x -> "
      f"{'met' if idle[2] <= GOAL_IDLE_RATIO else 'MISSED'}")
