"""End-to-end fixtures: a real Odoo server on a fresh database with sales_followup.

The session starts one server for the whole run: ``scripts/newdb.sh`` makes the
database from the cached template (demo data, the add-on installed), Odoo
serves it on a free port of 127.0.0.1, and on teardown the server is stopped
and the database dropped. The server's log is kept in var/log/e2e-server.log.
A module that needs another database (the CRM bridge's) makes it and serves
it with ``serve_database``.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from odoo_rpc import OdooRPC

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
LOG = ROOT / "var" / "log" / "e2e-server.log"
START_TIMEOUT = 180  # seconds for the server to serve the database
ADMIN = ("admin", "admin")  # demo databases have admin/admin


@dataclass(frozen=True)
class OdooServer:
    url: str
    db: str


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log, lines=40):
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_served(proc, url, db, log):
    """Wait until the server answers and has loaded the database's registry."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"Odoo exited with status {proc.returncode} before serving {db}; "
                f"end of {log}:\n{_log_tail(log)}"
            )
        try:
            health = requests.get(f"{url}/web/health", timeout=5)
            if health.ok:
                # /web/login needs the database's registry: once it answers,
                # the server is ready for RPC.
                login = requests.get(f"{url}/web/login", params={"db": db}, timeout=60)
                if login.ok:
                    return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"Odoo did not serve {db} within {START_TIMEOUT} s; end of {log}:\n{_log_tail(log)}"
    )


def _stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # graceful shutdown
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


@contextlib.contextmanager
def serve(db, log=LOG):
    """Serve the existing database ``db`` on a free port of 127.0.0.1, its
    log in ``log``: ``OdooServer(url, db)``. On exit, stop the server and
    drop the database."""
    proc = None
    try:
        port = _free_port()
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w") as out:
            proc = subprocess.Popen(
                [
                    "bash",
                    str(SCRIPTS / "odoo.sh"),
                    "-d",
                    db,
                    f"--db-filter=^{db}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={port}",
                    "--workers=0",
                    "--max-cron-threads=0",
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C reaches pytest, which stops it
            )
        url = f"http://127.0.0.1:{port}"
        _wait_until_served(proc, url, db, log)
        yield OdooServer(url=url, db=db)
    finally:
        if proc is not None:
            _stop(proc)
        subprocess.run(["bash", str(SCRIPTS / "dropdb.sh"), db], check=False)


@pytest.fixture(scope="session")
def odoo_server():
    """A running Odoo server on a fresh database: ``OdooServer(url, db)``."""
    db = f"sales_followup_e2e_{os.getpid()}_{secrets.token_hex(3)}"
    created = subprocess.run(
        ["bash", str(SCRIPTS / "newdb.sh"), db], capture_output=True, text=True, check=False
    )
    if created.returncode:
        raise RuntimeError(f"scripts/newdb.sh {db} failed:\n{created.stderr}")
    with serve(db) as server:
        yield server


@pytest.fixture(scope="session")
def serve_database():
    """``serve`` above, for a module that needs a database of its own."""
    return serve


@pytest.fixture
def rpc(odoo_server):
    """A JSON-RPC client logged in as admin."""
    client = OdooRPC(odoo_server.url, odoo_server.db)
    assert client.login(*ADMIN), "admin/admin was refused"
    yield client
    client.close()
