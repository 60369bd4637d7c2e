"""`make conformance`: the scim2-tester suite (conformance/check.py) against the service as
`npm start` runs it, first on the embedded SQLite store, then on the MongoDB store, each
time through both base URL forms an IdP may be given (/scim/v2 and
/tenants/<tenant>/scim/v2). Fails if any check fails.

MongoDB is a FerretDB of its own (built by `make ferretdb`; FERRETDB_BIN overrides the
binary), or, when MONGODB_URI is set, that server with a new database that is dropped
afterwards, as the tests do (test/support/mongo.ts).

Everything runs on loopback ports the OS picks, with its data in a temporary directory,
and is stopped and removed on the way out, whether the checks pass, fail or are
interrupted.

Usage, after `make conformance` has made the virtual environment:
.tools/conformance-venv/bin/python conformance/run.py [sqlite] [mongodb]   (both unless told)
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from check import Outcome, run_checks

ROOT = Path(__file__).resolve().parent.parent
FERRETDB = Path(os.environ.get("FERRETDB_BIN", ROOT / ".tools" / "bin" / "ferretdb"))
TENANT = "conformance"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15
STORES = ("sqlite", "mongodb")


class Started:
    """A process whose output goes to a log file, started in a session of its own so that
    stopping it also reaches the processes it started (bin/start.js runs two)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The first match of pattern in the output; raises if the process exits or takes too long."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log.read_text(errors="replace"))
            if found:
                return found
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}) before it was ready:\n{self.tail()}")
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} was not ready within {START_TIMEOUT_S} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM, the graceful stop both programs implement; SIGKILL to the session if that hangs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def started(name: str, command: list[str], env: dict[str, str], log: Path) -> Iterator[Started]:
    process = Started(name, command, env, log)
    try:
        yield process
    finally:
        process.stop()


@contextmanager
def mongodb(workdir: Path) -> Iterator[dict[str, str]]:
    """MONGODB_URI and MONGODB_DB for the service, valid until the block ends."""
    external = os.environ.get("MONGODB_URI")
    if external:
        database = f"openscim_conformance_{secrets.token_hex(6)}"
        try:
            yield {"MONGODB_URI": external, "MONGODB_DB": database}
        finally:
            drop = "const {MongoClient}=require('mongodb');const c=new MongoClient(process.argv[1]);c.db(process.argv[2]).dropDatabase().finally(()=>c.close())"
            subprocess.run(["node", "-e", drop, external, database], cwd=ROOT, check=True, timeout=60)
        return
    if not FERRETDB.exists():
        raise RuntimeError(f"FerretDB is not built at {FERRETDB}: run `make ferretdb`, or set MONGODB_URI.")
    data = workdir / "ferretdb"
    data.mkdir()
    command = [
        str(FERRETDB),
        "--handler=sqlite",
        f"--sqlite-url=file:{data}/",
        f"--state-dir={data}",
        "--listen-addr=127.0.0.1:0",
        "--debug-addr=-",
        "--telemetry=disable",
        "--log-format=json",
        "--log-level=info",
    ]
    with started("FerretDB", command, dict(os.environ), workdir / "ferretdb.log") as ferretdb:
        port = ferretdb.wait_for(r"Listening on TCP 127\.0\.0\.1:(\d+)").group(1)
        yield {"MONGODB_URI": f"mongodb://127.0.0.1:{port}/", "MONGODB_DB": "openscim"}


@contextmanager
def service(store: str, workdir: Path, token: str) -> Iterator[tuple[Started, str]]:
    """The identity service and the SCIM adapter (`npm start`), and the adapter's origin."""
    with mongodb(workdir) if store == "mongodb" else nullcontext() as mongo_env:
        # Only what the run needs: a developer's own settings (a MONGODB_URI for the SQLite
        # run, rate limits, telemetry, fixed ports) must not change what is checked.
        env = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR", "LANG") if key in os.environ}
        env.update(
            PORT="0",
            HOST="127.0.0.1",
            GRPC_PORT="0",
            METRICS_PORT="off",
            # The suite sends as fast as it can and does not retry on 429 as an IdP does
            # (honouring Retry-After): with the shipped budgets it trips them within seconds.
            RATE_LIMIT_ENABLED="false",
            OTEL_SDK_DISABLED="true",
            LOG_LEVEL="warn",
            DATA_DIR=str(workdir / "data"),
            SCIM_BOOTSTRAP_TOKEN=token,
            SCIM_BOOTSTRAP_TENANT=TENANT,
            **(mongo_env or {}),
        )
        with started("the service", ["node", "bin/start.js"], env, workdir / "service.log") as scim:
            yield scim, scim.wait_for(r"SCIM adapter: (http://127\.0\.0\.1:\d+)/scim/v2").group(1)


def check_store(store: str) -> Outcome:
    total = Outcome()
    # A random token per run, never printed; the suite reads it from here.
    token = f"conformance-{secrets.token_urlsafe(32)}"
    with tempfile.TemporaryDirectory(prefix=f"openscim-conformance-{store}-") as workdir:
        with service(store, Path(workdir), token) as (scim, origin):
            for form, base_path in (("/scim/v2", "/scim/v2"), ("tenant in URL", f"/tenants/{TENANT}/scim/v2")):
                total.add(run_checks(origin + base_path, token, f"{store}, {form}"))
            if total.failed:
                # Warnings and errors only (LOG_LEVEL=warn): a 5xx is logged with its cause there.
                print(f"-- last lines of the service's log ({store}):\n{scim.tail()}")
    return total


def _terminate(*_: object) -> None:
    """SIGTERM (CI stopping the job) unwinds like Ctrl-C, so that every `finally` stops its
    process; a second SIGTERM is ignored rather than cutting that cleanup short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(143)


def main(stores: list[str]) -> int:
    unknown = [store for store in stores if store not in STORES]
    if unknown:
        print(f"unknown store {', '.join(unknown)}: choose from {', '.join(STORES)}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    total = Outcome()
    for store in stores or STORES:
        total.add(check_store(store))
    print(f"conformance: {total.allowed} results allow-listed (conformance/check.py ALLOW_LIST)")
    print(f"conformance: {total.passed} passed, {total.failed} failed")
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
