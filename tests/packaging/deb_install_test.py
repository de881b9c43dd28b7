#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Debian packages sandi, sandi-relay and sandi-desktop, checked and then installed
into this very system:

  deb_install_test.py --debs DIR --version VERSION-REVISION

1. the .deb files as dpkg-deb shows them (-c, -I, -e): every file in its place and no
   other, owned by root, the right modes; the control fields, Depends covering every
   library the programs load (each library's Debian package, from dpkg -S, is in
   Depends), the conffiles, the maintainer scripts; the unit's sandboxing directives;
2. dpkg -i (apt-get -f for missing dependencies), then the system user, its group, the
   state directory, the enabled unit, `systemd-analyze verify` and its offline security
   score; the installed `sandi` finds its Indonesian catalogue; every setting of
   `sandi-relay --help` is in the shipped relay.ini and no other;
3. the relay started as its unit starts it (ExecStart, User, Group, UMask, LimitNOFILE,
   NoNewPrivileges, an empty capability bounding set: setpriv, as there is no systemd
   PID 1 here) with the installed configuration completed by an administrator, on a free
   loopback port; two devices enrolled with the installed `sandi` (tests/relay's harness)
   and a memo sent from one to the other through it; SIGTERM, then audit-verify;
4. dpkg -i again (an upgrade's postinst) keeps the administrator's relay.ini, the database
   and the user; dpkg --remove keeps them too; dpkg --purge removes them.

It cleans up after itself, also when a check fails. Exit 0: all passed; 1: a check
failed; 77: skipped (not root, no dpkg, or Sandi's packages or user already on this
system, which it will not touch)."""
import argparse
import contextlib
import fcntl
import grp
import os
import pwd
import re
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
try:
    from itest_harness import Device, Harness, Pki  # noqa: E402  (its wire client needs cbor2, websockets)
except ImportError as e:
    print(f"deb_install_test.py: skipped, {e} (run it with /usr/bin/python3)")
    raise SystemExit(77) from None

PACKAGES = ("sandi", "sandi-relay", "sandi-desktop")
USER = "sandi-relay"
UNIT_NAME = "sandi-relay.service"
UNIT = "/lib/systemd/system/sandi-relay.service"
CONFIG_DIR = "/etc/sandi"
CONFIG = "/etc/sandi/relay.ini"
STATE = "/var/lib/sandi-relay"
WANTS = "/etc/systemd/system/multi-user.target.wants/sandi-relay.service"
MASK = "/etc/systemd/system/sandi-relay.service"
# A run of this test holds the lock; the marker says the packages on the system are a
# killed run's, which the next run may purge.
LOCK = "/tmp/sandi-deb-install-test.lock"
MARKER = "/var/tmp/sandi-deb-install-test.marker"
RELAY_START_DEADLINE_S = 10

# Fictional officials (as in certs/make-demo-pki.sh and tests/relay).
ANDI = ("Andi Pratama", "197804122003121002", "provinsi", "Kepala Bidang Persandian")
SRI = ("Sri Wahyuni", "198707212011012006", "buton", "Kepala Bidang Persandian")

EXPECTED_FILES = {
    "sandi": {
        "./usr/bin/sandi": 0o755,
        "./usr/share/locale/id/LC_MESSAGES/sandi.mo": 0o644,
        "./usr/share/doc/sandi/copyright": 0o644,
    },
    "sandi-relay": {
        "./usr/sbin/sandi-relay": 0o755,
        "./lib/systemd/system/sandi-relay.service": 0o644,
        "./etc/sandi/relay.ini": 0o644,
        "./usr/share/doc/sandi-relay/copyright": 0o644,
        "./usr/share/doc/sandi-relay/relay.md": 0o644,
    },
    "sandi-desktop": {
        "./usr/bin/sandi-desktop": 0o755,
        "./usr/share/applications/sandi-desktop.desktop": 0o644,
        "./usr/share/icons/hicolor/scalable/apps/sandi-desktop.svg": 0o644,
        "./usr/share/doc/sandi-desktop/copyright": 0o644,
    },
}
PROGRAMS = {"sandi": "./usr/bin/sandi", "sandi-relay": "./usr/sbin/sandi-relay",
            "sandi-desktop": "./usr/bin/sandi-desktop"}
# Loaded at run time, so dpkg-shlibdeps cannot see them: Depends must name them.
RUNTIME_DEPENDS = {"sandi": set(), "sandi-relay": {"libqt6sql6-sqlite", "adduser"},
                   "sandi-desktop": {"qt6-qpa-plugins"}}
SANDBOXING = {  # the unit's directives, exactly
    "User": "sandi-relay", "Group": "sandi-relay", "StateDirectory": "sandi-relay", "StateDirectoryMode": "0700",
    "ProtectSystem": "strict", "ProtectHome": "true", "NoNewPrivileges": "true", "PrivateTmp": "true",
    "PrivateDevices": "true", "CapabilityBoundingSet": "", "AmbientCapabilities": "",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "Restart": "on-failure", "UMask": "0077",
    "ExecStart": "/usr/sbin/sandi-relay run --config /etc/sandi/relay.ini",
}


class Failed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def run(argv, check_rc=True, env=None, timeout=300, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout, **kw)
    if check_rc and p.returncode != 0:
        raise Failed(f"$ {' '.join(argv)}\n  exit {p.returncode}\n  stdout: {p.stdout.strip()[:3000]}\n"
                     f"  stderr: {p.stderr.strip()[:3000]}")
    return p


def step(title, fn, *args):
    started = time.monotonic()
    result = fn(*args)
    print(f"PASS  {title}  ({time.monotonic() - started:.1f} s)", flush=True)
    return result


def package_status(name):
    p = run(["dpkg-query", "-W", "-f=${Status}", name], check_rc=False)
    return p.stdout.strip() if p.returncode == 0 else "not-installed"


def installed(name):
    """Installed or half-removed: anything dpkg still holds for it (files or conffiles)."""
    return package_status(name) not in ("not-installed", "unknown ok not-installed", "purge ok not-installed")


def user_exists(name=USER):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_exists(name=USER):
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_unit(text):
    """{section: {key: [values]}} of a systemd unit file (no line continuations in ours)."""
    sections, current = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        check(sep and current is not None, f"not a unit line: {line!r}")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


# ---- 1. the .deb files ------------------------------------------------------------

def deb_path(debs, name, version):
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    path = os.path.join(debs, f"{name}_{version}_{arch}.deb")
    check(os.path.isfile(path), f"no {path} (files there: {sorted(os.listdir(debs))})")
    return path


def check_contents(name, deb):
    entries = {}
    for line in run(["dpkg-deb", "-c", deb]).stdout.splitlines():
        m = re.match(r"^([-dlh])(\S{9})\s+(\S+)/(\S+)\s+\d+\s+\S+\s+\S+\s+(\S+)", line)
        check(m, f"{name}: unexpected dpkg-deb -c line {line!r}")
        kind, perms, owner, group, path = m.groups()
        check((owner, group) == ("root", "root"), f"{name}: {path} is owned by {owner}/{group}, not root/root")
        entries[path] = (kind, perms)
    files = {p: v for p, v in entries.items() if v[0] != "d"}
    expected = EXPECTED_FILES[name]
    check(set(files) == set(expected), f"{name}: files {sorted(files)}, expected {sorted(expected)}")
    for path, mode in expected.items():
        kind, perms = files[path]
        want = stat.filemode(stat.S_IFREG | mode)[1:]
        check(kind == "-" and perms == want, f"{name}: {path} is {kind}{perms}, expected -{want}")
    return sorted(files)


def control_fields(deb):
    fields, key = {}, None
    for line in run(["dpkg-deb", "-f", deb]).stdout.splitlines():
        if line.startswith(" ") and key:
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def depends_names(depends):
    names = set()
    for clause in depends.split(","):
        for alternative in clause.split("|"):
            names.add(re.split(r"[\s(:]", alternative.strip(), maxsplit=1)[0])
    return names


def libraries_loaded(binary):
    """The Debian packages of the shared libraries `binary` links directly (its DT_NEEDED
    entries from readelf, found where ldd says the loader finds them, then dpkg -S)."""
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run(["readelf", "-d", binary]).stdout)
    check(needed, f"{binary} needs no shared library?")
    listing = run(["ldd", binary]).stdout
    found = dict(re.findall(r"^\s*(\S+)\s+=>\s+(/\S+)", listing, re.M))
    for path in re.findall(r"^\s*(/\S+)\s+\(", listing, re.M):  # the dynamic loader, named by its path
        found.setdefault(os.path.basename(path), path)
    packages = {}
    for lib in needed:
        check(lib in found, f"{binary} needs {lib}, which the loader does not find")
        path = os.path.realpath(found[lib])
        owner = None
        for candidate in (found[lib], path, path.replace("/usr/lib/", "/lib/", 1), path.replace("/lib/", "/usr/lib/", 1)):
            p = run(["dpkg", "-S", candidate], check_rc=False)
            if p.returncode == 0:
                owner = p.stdout.split(":", 1)[0].split(",")[0].strip()
                break
        check(owner, f"{binary} needs {path}, which no Debian package owns")
        packages[lib] = owner
    return packages


def check_control(name, deb, version, work):
    fields = control_fields(deb)
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    check(fields.get("Package") == name, f"{name}: Package is {fields.get('Package')!r}")
    check(fields.get("Version") == version, f"{name}: Version is {fields.get('Version')!r}, expected {version!r}")
    check(fields.get("Architecture") == arch, f"{name}: Architecture {fields.get('Architecture')!r} != {arch!r}")
    check(fields.get("Maintainer"), f"{name}: no Maintainer")
    description = fields.get("Description", "")
    check("\n" in description and len(description.split("\n")[0]) <= 80,
          f"{name}: the Description has a synopsis line and a long description: {description!r}")
    depends = depends_names(fields.get("Depends", ""))
    check(RUNTIME_DEPENDS[name] <= depends, f"{name}: Depends {sorted(depends)} lacks {RUNTIME_DEPENDS[name] - depends}")

    tree = os.path.join(work, name)
    run(["dpkg-deb", "-x", deb, tree])
    loaded = libraries_loaded(os.path.join(tree, PROGRAMS[name]))
    missing = {lib: pkg for lib, pkg in loaded.items() if pkg not in depends}
    check(not missing, f"{name}: libraries whose packages are not in Depends: {missing} (Depends: {sorted(depends)})")
    with open(os.path.join(tree, f"usr/share/doc/{name}/copyright")) as f:
        copyright_text = f.read()
    check(re.search(r"^License: GPL-3\.0-or-later$", copyright_text, re.M) and "Format: https://www.debian.org/doc/"
          in copyright_text, f"{name}: the copyright file states GPL-3.0-or-later (DEP-5)")

    control = os.path.join(work, f"{name}.control")
    run(["dpkg-deb", "-e", deb, control])
    members = sorted(os.listdir(control))
    scripts = [s for s in ("preinst", "postinst", "prerm", "postrm") if s in members]
    if name == "sandi-relay":
        check(scripts == ["postinst", "prerm", "postrm"], f"{name}: maintainer scripts {scripts}")
        with open(os.path.join(control, "conffiles")) as f:
            conffiles = f.read().split()
        check(conffiles == ["/etc/sandi/relay.ini"], f"{name}: conffiles {conffiles}")
        info = run(["dpkg-deb", "-I", deb]).stdout
        check(re.search(r"^\s+\d+ bytes,\s+\d+ lines\s+conffiles", info, re.M), f"dpkg-deb -I lists no conffiles\n{info}")
        for s in scripts:
            path = os.path.join(control, s)
            check(os.stat(path).st_mode & 0o777 == 0o755, f"{name}: {s} is not mode 0755")
            run(["sh", "-n", path])
            check(re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*\s+{s}\s+#!/bin/sh$", info, re.M),
                  f"dpkg-deb -I shows {s} as an executable shell script\n{info}")
        unit = parse_unit(open(os.path.join(tree, "lib/systemd/system/sandi-relay.service")).read())
        service = unit.get("Service", {})
        for key, want in SANDBOXING.items():
            check(service.get(key) == [want], f"the unit's {key}= is {service.get(key)}, expected [{want!r}]")
        check(unit.get("Install", {}).get("WantedBy") == ["multi-user.target"], "the unit is WantedBy=multi-user.target")
    else:
        check(scripts == [] and "conffiles" not in members, f"{name}: no maintainer scripts or conffiles: {members}")
    return fields.get("Depends", "")


# ---- 2. installed -------------------------------------------------------------------

def install(debs):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    p = run(["dpkg", "-i", *debs], check_rc=False, env=env)
    if p.returncode != 0 and "dependency problems" in p.stderr:
        print(f"      dpkg -i: dependencies missing, apt-get -f install fetches them:\n{p.stderr.strip()}")
        run(["apt-get", "install", "-f", "-y", "-qq", "--no-install-recommends"], env=env)
    elif p.returncode != 0:
        raise Failed(f"dpkg -i failed (exit {p.returncode})\n{p.stdout}\n{p.stderr}")
    for name in PACKAGES:
        check(package_status(name) == "install ok installed", f"{name}: status {package_status(name)!r}")
    return p.stdout + p.stderr


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        check(time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def relay_processes():
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/exe") in ("/usr/sbin/sandi-relay", "/usr/sbin/sandi-relay (deleted)"):
                found.append(int(pid))
    return found


def check_installed_system():
    user = pwd.getpwnam(USER)
    check(user.pw_uid < 1000, f"{USER} is a system user (uid {user.pw_uid})")
    check(user.pw_shell in ("/usr/sbin/nologin", "/sbin/nologin"), f"{USER}'s shell is {user.pw_shell}")
    check(user.pw_dir == STATE, f"{USER}'s home is {user.pw_dir}")
    group = grp.getgrnam(USER)
    check(user.pw_gid == group.gr_gid and group.gr_gid < 1000, f"{USER}'s primary group is the system group {USER}")
    st = os.stat(STATE)
    check(stat.S_ISDIR(st.st_mode) and (st.st_uid, st.st_gid) == (user.pw_uid, group.gr_gid)
          and stat.S_IMODE(st.st_mode) == 0o700, f"{STATE}: owner {st.st_uid}:{st.st_gid}, mode {st.st_mode:o}")
    check(os.listdir(STATE) == [], f"{STATE} starts empty: {os.listdir(STATE)}")
    check(os.path.isfile(CONFIG) and os.path.isfile(UNIT), "the configuration and the unit are installed")
    check(os.path.islink(WANTS) and os.readlink(WANTS) == UNIT, f"the unit is enabled ({WANTS} -> {UNIT})")
    check(not os.path.exists("/run/systemd/system"), "no systemd PID 1 here (else the test would not be about this)")
    check(relay_processes() == [], "nothing started the relay without systemd")
    return user, group


def systemd_checks():
    if shutil.which("systemd-analyze") is None:
        print("      systemd-analyze not installed (scripts/install-deps.sh installs systemd): not verified")
        return None
    p = run(["systemd-analyze", "verify", UNIT], check_rc=False)
    ours = [l for l in (p.stdout + p.stderr).splitlines() if "sandi-relay" in l]
    check(p.returncode == 0 and not ours, f"systemd-analyze verify {UNIT}: exit {p.returncode}\n{p.stdout}{p.stderr}")
    p = run(["systemd-analyze", "security", "--offline=true", "--no-pager", UNIT], check_rc=False)
    m = re.search(r"Overall exposure level for sandi-relay\.service: (\d+\.\d+) (\w+)", p.stdout + p.stderr)
    check(m, f"systemd-analyze security printed no exposure level\n{p.stdout}{p.stderr}")
    exposure = float(m.group(1))
    check(exposure <= 2.0, f"the unit's exposure level is {exposure} {m.group(2)} (at most 2.0)")
    return f"{m.group(1)} {m.group(2)}"


def check_cli_catalogue(work):
    junk = os.path.join(work, "not-a.pdf")
    with open(junk, "w") as f:
        f.write("not a PDF\n")
    base = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES",
                                                             "SANDI_LOCALEDIR")}
    english = run(["/usr/bin/sandi", "verify", junk], check_rc=False, env=dict(base, LC_ALL="C"))
    indonesian = run(["/usr/bin/sandi", "verify", junk], check_rc=False, env=dict(base, LANG="C.UTF-8", LANGUAGE="id"))
    check("UNREADABLE" in english.stdout, f"English: {english.stdout!r}")
    check("TIDAK TERBACA" in indonesian.stdout, f"the installed catalogue: {indonesian.stdout!r}")


def check_shipped_settings():
    """Every setting `sandi-relay --help` lists is in the shipped relay.ini, and no other."""
    listed = set(re.findall(r"^  --([a-z0-9-]+)\s", run(["/usr/sbin/sandi-relay", "--help"]).stdout, re.M))
    check(len(listed) > 20, f"sandi-relay --help lists its settings: {sorted(listed)}")
    with open(CONFIG) as f:
        in_file = set(re.findall(r"^;?([a-z0-9-]+) = ", f.read(), re.M))
    check(in_file == listed, f"relay.ini documents {sorted(in_file - listed)} that the relay does not have and "
                             f"lacks {sorted(listed - in_file)}")
    return len(listed)


# ---- 3. the relay, as its unit starts it ----------------------------------------------

def as_relay_user(argv, user, group):
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={group.gr_gid}", "--init-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all", "--", *argv]


def unit_environment(user):
    """The environment systemd gives a service with User=: no more."""
    return {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": user.pw_dir,
            "USER": user.pw_name, "LOGNAME": user.pw_name, "SHELL": user.pw_shell, "LANG": "C.UTF-8"}


class InstalledRelay:
    """/usr/sbin/sandi-relay started from the installed unit's [Service] section."""

    def __init__(self, user, group, log_path):
        self.user, self.group, self.log_path = user, group, log_path
        service = parse_unit(open(UNIT).read())["Service"]
        self.exec_start = service["ExecStart"][0].split()
        check(service["User"] == [user.pw_name] and service["Group"] == [group.gr_name], "User=, Group=")
        self.umask = int(service["UMask"][0], 8)
        self.nofile = int(service["LimitNOFILE"][0])
        check(service["NoNewPrivileges"] == ["true"] and service["CapabilityBoundingSet"] == [""],
              "the unit drops privileges as the start below does")
        self.proc = None
        self.lines = []
        self.cond = threading.Condition()

    def start(self):
        # systemd (PID 1, all capabilities) sets LimitNOFILE= as it is; a container may
        # forbid raising the hard limit, so here it is capped at the hard limit there is.
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        nofile = self.nofile if hard == resource.RLIM_INFINITY else min(self.nofile, hard)
        if nofile != self.nofile:
            print(f"      LimitNOFILE={self.nofile} capped at this container's hard limit {hard}")

        def limits():
            os.umask(self.umask)
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        log = open(self.log_path, "w")
        started = time.monotonic()
        self.proc = subprocess.Popen(as_relay_user(self.exec_start, self.user, self.group), stdout=subprocess.PIPE,
                                     stderr=log, stdin=subprocess.DEVNULL, text=True, cwd="/",
                                     env=unit_environment(self.user), preexec_fn=limits)
        log.close()

        def reader():
            for line in self.proc.stdout:
                with self.cond:
                    self.lines.append(line.rstrip("\n"))
                    self.cond.notify_all()
            with self.cond:
                self.lines.append(None)
                self.cond.notify_all()

        threading.Thread(target=reader, daemon=True).start()
        with self.cond:
            while True:
                for line in self.lines:
                    if line is None:
                        raise Failed(f"the relay exited ({self.proc.wait()}) before listening\n{self.log_tail()}")
                    m = re.match(r"^listening on wss://127\.0\.0\.1:(\d+)/$", line)
                    if m:
                        return int(m.group(1)), time.monotonic() - started
                left = started + RELAY_START_DEADLINE_S - time.monotonic()
                check(left > 0, f"the relay printed no address in {RELAY_START_DEADLINE_S} s\n{self.log_tail()}")
                self.cond.wait(left)

    def log_tail(self, n=30):
        try:
            with open(self.log_path, errors="replace") as f:
                return "\n".join(f.read().splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self):
        """SIGTERM (systemctl stop); its exit status."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise Failed("the relay did not stop on SIGTERM within 15 s") from None
        finally:
            self.proc = None


def administrator_configures(pki, user, group, port, http_port, added):
    """What the administrator does after installing: the relay's key, passphrase, trust
    anchor and CRLs under /etc/sandi, readable by the relay's group, and relay.ini's
    commented lines for them taken in (with this test's ports)."""
    placed = {"/etc/sandi/relay.p12": pki.file("relay.p12"), "/etc/sandi/relay.pass": pki.passes["user"],
              "/etc/sandi/trust/root.pem": pki.root_pem, "/etc/sandi/crls.pem": pki.crls_pem}
    if not os.path.isdir("/etc/sandi/trust"):
        os.mkdir("/etc/sandi/trust", 0o755)
        added.append("/etc/sandi/trust")
    for target, source in placed.items():
        check(not os.path.exists(target), f"{target} exists already")
        shutil.copyfile(source, target)
        added.append(target)
        os.chown(target, 0, group.gr_gid)
        os.chmod(target, 0o640)

    # The shipped file: every line but the missing key is accepted.
    p = run(as_relay_user(["/usr/sbin/sandi-relay", "check-config", "--config", CONFIG], user, group),
            check_rc=False, env=unit_environment(user))
    check(p.returncode == 2 and "tls-p12 is not set" in p.stderr,
          f"the shipped relay.ini parses and only lacks the certificate: exit {p.returncode}, {p.stderr!r}")

    with open(CONFIG) as f:
        text = f.read()
    wanted = {"listen": f"127.0.0.1:{port}", "http": f"127.0.0.1:{http_port}", "tls-p12": None,
              "tls-pass-file": None, "trust": None, "crl": None}
    for key, value in wanted.items():
        pattern = rf"^;{re.escape(key)} = (.*)$"
        m = re.search(pattern, text, re.M)
        check(m, f"relay.ini has a commented '{key}' line")
        if value is None:  # the path the shipped file suggests is where the file was put
            check(m.group(1) in placed, f"relay.ini suggests {key} = {m.group(1)}, not a file placed here")
        text = re.sub(pattern, f"{key} = {value if value is not None else m.group(1)}", text, count=1, flags=re.M)
    with open(CONFIG, "w") as f:
        f.write(text)

    p = run(as_relay_user(["/usr/sbin/sandi-relay", "check-config", "--config", CONFIG], user, group),
            env=unit_environment(user))
    want = f"configuration ok: listen 127.0.0.1:{port}, 1 trust anchor(s), 3 CRL(s), data {STATE}"
    check(p.stdout.strip() == want, f"check-config as {USER}: {p.stdout!r}, expected {want!r}")


def relay_runs_a_memo(h, pki, relay, port, http_port, user):
    pid = relay.proc.pid
    # setpriv exec()s the relay: the process is the relay itself.
    check(os.readlink(f"/proc/{pid}/exe") == "/usr/sbin/sandi-relay", "the started process is the installed relay")
    status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status").read().splitlines() if ":" in line)
    uids = status["Uid"].split()
    check(uids == [str(user.pw_uid)] * 4, f"the relay runs as {USER} (uid {user.pw_uid}): Uid {uids}")
    check(status["NoNewPrivs"].strip() == "1", "NoNewPrivs")
    check(int(status["CapEff"], 16) == 0 and int(status["CapBnd"], 16) == 0, f"no capabilities: {status['CapBnd']}")
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/health", timeout=10) as r:
        check(r.status == 200 and r.read().decode().startswith("ok"), "/health answers ok")
    db = os.path.join(STATE, "relay.db")
    st = os.stat(db)
    check(st.st_uid == user.pw_uid and stat.S_IMODE(st.st_mode) == 0o600,
          f"{db} is the relay user's, mode 0600 (uid {st.st_uid}, mode {stat.S_IMODE(st.st_mode):o})")

    url = f"wss://127.0.0.1:{port}"
    andi = Device(h, pki, "andi", f"{ANDI[0]} (laptop)", ANDI[1], ANDI[2], ANDI[3]).enrol(url)
    sri = Device(h, pki, "sri", f"{SRI[0]} (laptop)", SRI[1], SRI[2], SRI[3]).enrol(url)
    memos, problems, r = sri.inbox()  # publishes Sri's prekeys
    check(memos == [] and problems == [], f"Sri's first inbox is empty\n{r.describe()}")
    body = "Mohon hadir pada rapat koordinasi pemasangan relay.\n"
    memo, copies, r = andi.send_ok("Uji paket sandi-relay", to=[SRI[1]], body=body)
    check(copies == 1, f"one copy, for Sri's device\n{r.describe()}")
    memos, problems, r = sri.inbox()
    got = [(m["id"], m["direction"], m["from"], m["hal"], m["body"]) for m in memos]
    check(got == [(memo, "in", ANDI[1], "Uji paket sandi-relay", body)] and problems == [],
          f"Sri receives the memo once, intact: {got}\n{r.describe()}")
    memos, problems, r = sri.inbox()
    check(memos == [] and problems == [], f"a second inbox is empty\n{r.describe()}")
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as r:
        metrics = r.read().decode()
    m = re.search(r"^sandi_relay_messages_delivered_total (\d+)", metrics, re.M)
    check(m and int(m.group(1)) >= 1, f"the relay counted the delivery: {m.group(0) if m else metrics[:500]}")
    return memo


# ---- 4. reinstallation and removal ---------------------------------------------------

def reinstall_keeps_state(deb, user):
    """dpkg -i over the installed package (the upgrade path of postinst, `configure OLD`):
    the administrator's relay.ini, the database and the user stay as they were."""
    with open(CONFIG) as f:
        before = f.read()
    db = os.path.join(STATE, "relay.db")
    st = os.stat(db)
    run(["dpkg", "-i", deb], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    with open(CONFIG) as f:
        check(f.read() == before, "the administrator's relay.ini is kept on reinstallation")
    check(os.stat(db).st_ino == st.st_ino and os.stat(db).st_size == st.st_size, "the database is untouched")
    again = pwd.getpwnam(USER)
    check((again.pw_uid, again.pw_gid) == (user.pw_uid, user.pw_gid), "the same user, not a new one")
    check(package_status("sandi-relay") == "install ok installed", package_status("sandi-relay"))



def remove_keeps_data(user):
    run(["dpkg", "--remove", "sandi-relay"])
    check(package_status("sandi-relay") == "deinstall ok config-files",
          f"after --remove: {package_status('sandi-relay')!r}")
    check(not os.path.exists("/usr/sbin/sandi-relay") and not os.path.exists(UNIT), "the program and unit are gone")
    check(os.path.isfile(os.path.join(STATE, "relay.db")), "the relay's database stays on --remove")
    check(user_exists() and group_exists(), f"the user {USER} stays on --remove")
    check(os.path.isfile(CONFIG), "the conffile stays on --remove")


def purge_removes_everything():
    run(["dpkg", "--purge", *PACKAGES])
    for name in PACKAGES:
        check(not installed(name), f"{name} after --purge: {package_status(name)!r}")
    for path in ("/usr/bin/sandi", "/usr/bin/sandi-desktop", "/usr/sbin/sandi-relay", UNIT, CONFIG, CONFIG_DIR, STATE,
                 WANTS, MASK, "/usr/share/locale/id/LC_MESSAGES/sandi.mo",
                 "/var/lib/systemd/deb-systemd-helper-enabled/sandi-relay.service.dsh-also",
                 "/var/lib/systemd/deb-systemd-helper-masked/sandi-relay.service"):
        check(not os.path.lexists(path), f"{path} is left after --purge")
    check(not user_exists() and not group_exists(), f"the user and group {USER} are left after --purge")


# ---- the whole ----------------------------------------------------------------------

def skip(why):
    print(f"deb_install_test.py: skipped, {why}")
    raise SystemExit(77)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--debs", required=True, help="directory with the three .deb files")
    p.add_argument("--version", required=True, help="the packages' VERSION-REVISION")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    args = p.parse_args()

    if os.geteuid() != 0:
        skip("dpkg -i needs root")
    for tool in ("dpkg", "dpkg-deb", "dpkg-query", "setpriv", "ldd", "readelf"):
        if shutil.which(tool) is None:
            skip(f"no {tool}")
    if not os.access("/var/lib/dpkg", os.W_OK):
        skip("/var/lib/dpkg is not writable")

    lock = open(LOCK, "w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # one run at a time on this system
    if any(installed(n) for n in PACKAGES) or user_exists() or group_exists() or os.path.exists(STATE):
        if not os.path.exists(MARKER):
            skip(f"Sandi's packages, the user {USER} or {STATE} are on this system already; not touching them")
        print("      a killed run's packages are installed: purging them first")
        for pid in relay_processes():  # its relay, orphaned (the installed binary, as the relay user)
            with contextlib.suppress(OSError):
                if user_exists() and os.stat(f"/proc/{pid}").st_uid == pwd.getpwnam(USER).pw_uid:
                    os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not relay_processes(), 10, "the killed run's relay to exit")
        run(["dpkg", "--purge", *PACKAGES], check_rc=False)
        for extra in ("/etc/sandi/relay.p12", "/etc/sandi/relay.pass", "/etc/sandi/trust/root.pem",
                      "/etc/sandi/crls.pem", "/etc/sandi/trust", CONFIG_DIR):
            with contextlib.suppress(OSError):
                os.rmdir(extra) if os.path.isdir(extra) else os.remove(extra)
        if user_exists():
            run(["deluser", "--system", "--quiet", USER], check_rc=False)
        if group_exists():
            run(["delgroup", "--system", "--quiet", USER], check_rc=False)
        shutil.rmtree(STATE, ignore_errors=True)
        check(not any(installed(n) for n in PACKAGES), "the leftover packages are purged")

    work = tempfile.mkdtemp(prefix="sandi-deb-test-")
    h = Harness("/usr/bin/sandi", "/usr/sbin/sandi-relay", keep=args.keep)
    added = []  # files the test put under /etc/sandi as the administrator
    relay = None
    ok = False
    try:
        debs = {n: deb_path(args.debs, n, args.version) for n in PACKAGES}
        for name in PACKAGES:
            files = step(f"1 {name}: dpkg-deb -c: {len(EXPECTED_FILES[name])} files in place, root/root, modes",
                         check_contents, name, debs[name])
            depends = step(f"1 {name}: dpkg-deb -I/-e: control fields, Depends cover every library loaded, "
                           f"license{', conffiles, maintainer scripts, unit sandboxing' if name == 'sandi-relay' else ''}",
                           check_control, name, debs[name], args.version, work)
            print(f"      {name}: {', '.join(files)}\n      Depends: {depends}")

        with open(MARKER, "w") as f:
            f.write(f"{os.getpid()}\n")
        out = step("2 dpkg -i of the three packages", install, [debs[n] for n in PACKAGES])
        print("\n".join("      " + line for line in out.strip().splitlines()))
        user, group = step(f"2 system user {USER}, {STATE} (0700, the user's), unit enabled, nothing started",
                           check_installed_system)
        exposure = step("2 systemd-analyze verify the unit; offline security exposure <= 2.0", systemd_checks)
        if exposure:
            print(f"      systemd-analyze security: exposure {exposure}")
        step("2 the installed sandi finds its Indonesian catalogue", check_cli_catalogue, work)
        n = step("2 relay.ini lists exactly the settings sandi-relay --help lists", check_shipped_settings)
        print(f"      {n} settings")

        pki = Pki(h, h.path("pki"))
        port, http_port = free_port(), free_port()
        step("3 the administrator's configuration: shipped file accepted, completed, check-config as the user",
             administrator_configures, pki, user, group, port, http_port, added)
        relay = InstalledRelay(user, group, os.path.join(work, "relay.log"))
        listening, seconds = relay.start()
        check(listening == port, f"the relay listens on the configured port {port}, not {listening}")
        print(f"      relay started as {USER} on 127.0.0.1:{port} in {seconds * 1000:.0f} ms")
        memo = step("3 as the unit starts it: uid, no privileges; a memo through it with the installed sandi",
                    relay_runs_a_memo, h, pki, relay, port, http_port, user)
        print(f"      memo {memo} delivered")
        rc = relay.stop()
        relay = None
        check(rc == 0, f"the relay exits 0 on SIGTERM, not {rc}")
        r = run(as_relay_user(["/usr/sbin/sandi-relay", "audit-verify", "--data", STATE], user, group),
                env=unit_environment(user))
        check(r.stdout.startswith("audit log intact: "), r.stdout)
        print(f"PASS  3 SIGTERM: exit 0; {r.stdout.strip()}")

        step("4 dpkg -i again (postinst configure OLD-VERSION): relay.ini, database, user kept",
             reinstall_keeps_state, debs["sandi-relay"], user)
        for path in reversed(added):  # the administrator takes the keys away first
            os.rmdir(path) if os.path.isdir(path) else os.remove(path)
        added.clear()
        step("4 dpkg --remove sandi-relay keeps the database, the user and the conffile", remove_keeps_data, user)
        step("4 dpkg --purge: packages, conffile, /etc/sandi, state, user, group, unit state all gone",
             purge_removes_everything)
        ok = True
    except Exception as e:  # noqa: BLE001 - every failure is reported, then the system is cleaned
        print(f"FAIL  {e}" if isinstance(e, Failed) else f"FAIL  {traceback.format_exc()}", flush=True)
        if relay is not None:
            print(f"      relay log:\n{relay.log_tail()}")
    finally:
        if relay is not None:
            with contextlib.suppress(Exception):
                relay.stop()
        for path in reversed(added):
            with contextlib.suppress(OSError):
                os.rmdir(path) if os.path.isdir(path) else os.remove(path)
        if any(installed(n) for n in PACKAGES):
            run(["dpkg", "--purge", *PACKAGES], check_rc=False)
        if user_exists():  # the test made it (it refuses to start when one exists)
            run(["deluser", "--system", "--quiet", USER], check_rc=False)
        if group_exists():
            run(["delgroup", "--system", "--quiet", USER], check_rc=False)
        shutil.rmtree(STATE, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.rmdir(CONFIG_DIR)
        with contextlib.suppress(OSError):
            os.remove(MARKER)
        h.close()
        if args.keep:
            print(f"work directory: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
