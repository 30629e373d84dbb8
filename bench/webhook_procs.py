"""Processes bench/webhook.py runs as production does: PostgreSQL (when installed), gunicorn per the Procfile."""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from fault_procs import ROOT, free_port


class Postgres:
    """A throwaway PostgreSQL cluster on loopback (as .ci/run starts one), or None when not installed."""

    @classmethod
    def start_if_installed(cls):
        """The cluster, or None (the bench then uses a SQLite file)."""
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        return cls(bins[-1]) if bins else None

    def __init__(self, bin_dir):
        """initdb + pg_ctl start as the postgres user when run as root, then create the database."""
        self.bin, self.port, self.dir = bin_dir, free_port(), tempfile.mkdtemp(prefix="kb-webhook-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_postgres(f"{self.bin}/initdb -D {self.dir}/data -U postgres --auth=trust -E UTF8")
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -l {self.dir}/pg.log -w start -o "
                          f"'-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off'")
        self._as_postgres(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} -U postgres kitbridge")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/kitbridge"

    def _as_postgres(self, command):
        """Run a cluster command as postgres (root may not run initdb)."""
        argv = ["su", "postgres", "-c", command] if os.geteuid() == 0 else shlex.split(command)
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        """Fast shutdown; the scratch directory is left for a look at pg.log."""
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -m fast -w stop")


def procfile_command(role, port):
    """The Procfile's command for a process type, with $PORT and ${VAR:-default} filled in as a shell would."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == role:
            command = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: os.environ.get(m.group(1), m.group(2)), command)
            return shlex.split(command.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1"))
    raise SystemExit(f"Procfile has no {role} process")


class Gunicorn:
    """The web process exactly as the Procfile runs it (workers, threads), on a loopback port."""

    def __init__(self, env, log_path):
        """Start it and wait until /healthz answers."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = procfile_command("web", self.port)
        executable = Path(sys.executable).with_name(self.command[0])
        self.process = subprocess.Popen([str(executable), *self.command[1:]], cwd=ROOT, env={**os.environ, **env},
                                        stdout=log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self, timeout=30):
        """Poll the health endpoint until the workers answer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code < 500:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout} s")

    def cpu_seconds(self):
        """CPU time (user + system) the master and its workers have used so far (Linux /proc)."""
        pids = [self.process.pid, *_children(self.process.pid)]
        return sum(_cpu_of(pid) for pid in pids)

    def stop(self):
        """SIGTERM (graceful) and wait."""
        self.process.terminate()
        self.process.wait(timeout=30)


def _children(pid):
    """Child pids of a process (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _cpu_of(pid):
    """utime + stime of one process in seconds (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
