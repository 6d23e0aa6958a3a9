"""A small JSON-RPC client for Odoo's /jsonrpc endpoint (common and object services)."""

import itertools

import requests


class OdooRPCError(Exception):
    """An error that the Odoo server answered with."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {data.get('message') or error.get('message')}")


class OdooRPC:
    """Call the Odoo server at ``url`` (e.g. http://127.0.0.1:8069) on database ``db``."""

    def __init__(self, url, db, timeout=120):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.uid = None
        self.password = None
        self._ids = itertools.count(1)
        self._session = requests.Session()

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": list(args)},
            "id": next(self._ids),
        }
        response = self._session.post(f"{self.url}/jsonrpc", json=payload, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise OdooRPCError(body["error"])
        return body["result"]

    def login(self, login, password):
        """Authenticate; return the user id (False when refused)."""
        uid = self.call("common", "login", self.db, login, password)
        if uid:
            self.uid, self.password = uid, password
        return uid

    def execute(self, model, method, *args, **kwargs):
        """``object.execute_kw`` as the logged-in user."""
        assert self.uid, "call login() first"
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def close(self):
        self._session.close()


def http_session(url, db, login, password):
    """A browser-like ``requests`` session, logged in through /web/session/authenticate."""
    session = requests.Session()
    response = session.post(
        f"{url.rstrip('/')}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login, "password": password},
        },
        timeout=60,
    )
    response.raise_for_status()
    body = response.json()
    assert not body.get("error"), body
    assert body["result"]["uid"], f"{login} could not log in"
    return session
