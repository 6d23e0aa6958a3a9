"""Take the README's screenshots from a running Odoo server, with headless Chromium.

Run by scripts/screenshots.sh, which starts the server on a demo database:

    python scripts/screenshots.py --url http://127.0.0.1:8069 --db DB --out docs

Chromium is driven over the DevTools protocol (websocket-client, already in
Odoo's requirements): log in through JSON-RPC, hand the session cookie to the
browser, open each screen, wait until what it must show is there, and save a
PNG. A screen whose content does not show up in time stops the script with a
message saying which one.
"""

import argparse
import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests
import websocket

WIDTH, HEIGHT = 1440, 900
WAIT_TIMEOUT = 60  # seconds for a screen to show its content


class ScreenshotError(Exception):
    pass


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="sf_screenshots_")
        args = [
            chromium,
            "--headless=new",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--force-device-scale-factor=1",
            "--hide-scrollbars",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-extensions",
            "--lang=en-US",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._devtools_port()
        pages = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(target for target in pages if target["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=WAIT_TIMEOUT)
        self.ids = itertools.count(1)
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _devtools_port(self):
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ScreenshotError(f"Chromium exited with status {self.proc.returncode}")
            if port_file.exists():
                content = port_file.read_text().split()
                if content:
                    return int(content[0])
            time.sleep(0.1)
        raise ScreenshotError("Chromium did not open its DevTools port within 30 s")

    def call(self, method, **params):
        """Send a DevTools command and return its result (events are skipped)."""
        request_id = next(self.ids)
        self.ws.send(json.dumps({"id": request_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == request_id:
                if "error" in message:
                    raise ScreenshotError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise ScreenshotError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, selector, what):
        """Wait until ``selector`` matches a visible element and Odoo is idle."""
        check = f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            const busy = document.querySelector(".o_loading_indicator, .o_blockUI")
                || !document.body || document.body.classList.contains("o_ui_blocked");
            return Boolean(el && el.offsetParent !== null && !busy);
        }})()"""
        deadline = time.monotonic() + WAIT_TIMEOUT
        while time.monotonic() < deadline:
            if self.evaluate(check):
                return
            time.sleep(0.2)
        raise ScreenshotError(f"{what}: '{selector}' did not show up within {WAIT_TIMEOUT} s")

    def settle(self):
        """Let pending renders and chart animations finish before capturing."""
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        time.sleep(1.2)  # Chart.js animates for 1 s; nothing to wait on but time

    def click(self, selector, what):
        self.wait_for(selector, what)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def goto(self, url):
        self.call("Page.navigate", url=url)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


class Odoo:
    """JSON-RPC as the admin user, for the record ids the screens need."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        response = self.session.post(
            f"{url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}},
            timeout=60,
        )
        response.raise_for_status()
        if response.json().get("error") or not response.json().get("result", {}).get("uid"):
            raise ScreenshotError(f"cannot log in as {login} on {db}: {response.json()}")
        self.session_id = self.session.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        response = self.session.post(
            f"{self.url}/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            },
            timeout=60,
        )
        result = response.json()
        if "error" in result:
            raise ScreenshotError(f"{model}.{method}: {result['error']['data']['message']}")
        return result["result"]

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        found = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        if not found:
            raise ScreenshotError(f"{xmlid} not found: is the database made with demo data?")
        return found[0]["res_id"]


def take(browser, url, out, name, wait, what, actions=()):
    browser.goto(url)
    browser.wait_for(wait, what)
    for selector, step in actions:
        if selector.startswith("click:"):
            browser.click(selector[len("click:") :], f"{what}: {step}")
        elif selector.startswith("scroll:"):
            selector = selector[len("scroll:") :]
            browser.wait_for(selector, f"{what}: {step}")
            browser.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView()")
        else:
            browser.wait_for(selector, f"{what}: {step}")
    browser.settle()
    path = out / f"{name}.png"
    browser.screenshot(path)
    print(f"screenshots: {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--lang", action="append", default=[], help="extra language shots")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    base = options.url.rstrip("/")

    odoo = Odoo(base, options.db, options.login, options.password)
    uid = odoo.call("res.users", "search", [("login", "=", options.login)])[0]
    order_id = odoo.ref("sales_followup.order_demo_strategic")
    partner_id = odoo.ref("sales_followup.partner_demo_strategic")
    step_ids = odoo.call(
        "sales_followup.step",
        "search",
        [("user_id", "=", uid), ("state", "in", ("planned", "overdue"))],
        order="date_due, id",
        limit=1,
    )
    if not step_ids:
        raise ScreenshotError(f"{options.login} has no open follow-up step to show")

    browser = Browser(options.chromium)
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=odoo.session_id,
            domain=urlparse(base).hostname,
            path="/",
        )
        shots = [
            (
                "my-followups",
                f"{base}/odoo/my-followups",
                ".o_list_renderer .o_data_row",
                "My Follow-ups",
                (),
            ),
            (
                "my-followups-kanban",
                f"{base}/odoo/my-followups?view_type=kanban",
                ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
                "My Follow-ups (kanban)",
                (),
            ),
            (
                "quick-log",
                f"{base}/odoo/my-followups/{step_ids[0]}",
                ".o_form_view button[name=action_log_interaction]",
                "Quick log",
                (
                    ("click:.o_form_view button[name=action_log_interaction]", "open the dialog"),
                    (".modal .o_form_view .o_field_widget[name=summary]", "the dialog"),
                ),
            ),
            (
                "order-followup",
                f"{base}/odoo/action-sale.action_orders/{order_id}",
                ".o_form_view .o_notebook a[name=followup]",
                "Order follow-up tab",
                (
                    ("click:.o_form_view .o_notebook a[name=followup]", "open the tab"),
                    (".o_form_view .o_field_widget[name=followup_step_ids] .o_data_row", "plan"),
                ),
            ),
            (
                "customers",
                f"{base}/odoo/followup-customers",
                ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
                "Customers",
                (),
            ),
            (
                "customer",
                f"{base}/odoo/followup-customers/{partner_id}",
                ".o_form_view .o_notebook a[name=followup]",
                "Customer follow-up tab",
                (
                    ("click:.o_form_view .o_notebook a[name=followup]", "open the tab"),
                    ("scroll:.o_form_view .o_notebook", "the tab"),
                ),
            ),
            (
                "dashboard-steps",
                f"{base}/odoo/followup-analysis",
                ".o_graph_renderer canvas",
                "Steps by salesperson",
                (),
            ),
            (
                "dashboard-csat",
                f"{base}/odoo/followup-satisfaction",
                ".o_graph_renderer canvas",
                "Customer satisfaction",
                (),
            ),
            (
                "dashboard-exceptions",
                f"{base}/odoo/followup-exceptions",
                ".o_graph_renderer canvas",
                "Exceptions",
                (),
            ),
            (
                "escalations",
                f"{base}/odoo/followup-escalations",
                ".o_list_renderer",
                "Overdue and escalations",
                (),
            ),
        ]
        for name, url, wait, what, actions in shots:
            take(browser, url, out, name, wait, what, actions)

        # The rep's list again in each extra language, e.g. zh_CN.
        original_lang = odoo.call("res.users", "read", [uid], ["lang"])[0]["lang"]
        for lang in options.lang:
            odoo.call("res.users", "write", [uid], {"lang": lang})
            try:
                take(
                    browser,
                    f"{base}/odoo/my-followups",
                    out,
                    f"my-followups-{lang}",
                    ".o_list_renderer .o_data_row",
                    f"My Follow-ups in {lang}",
                )
            finally:
                odoo.call("res.users", "write", [uid], {"lang": original_lang})
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except ScreenshotError as error:
        sys.exit(f"screenshots: {error}")
