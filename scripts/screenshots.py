"""Take the README's screenshots from a running Odoo server, with headless Chromium.

Run by scripts/screenshots.sh, which starts the server on a demo database:

    python scripts/screenshots.py --url http://127.0.0.1:8069 --db DB [--lang zh_CN ...]

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
from datetime import date, timedelta
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


def take(browser, out, shot):
    """Open the shot's URL, play its actions, save the PNG."""
    name, url, wait, what, actions = shot
    try:
        _play(browser, shot)
    except ScreenshotError:
        failed = Path(tempfile.gettempdir()) / f"screenshot-failed-{name}.png"
        browser.screenshot(failed)
        print(f"screenshots: the screen when it failed: {failed}", file=sys.stderr)
        raise
    path = out / f"{name}.png"
    browser.screenshot(path)
    print(f"screenshots: {path}")
    # Leaving a dialog with changes would save them: discard them first.
    browser.evaluate(CLOSE_DIALOGS)


def _play(browser, shot):
    name, url, wait, what, actions = shot
    browser.goto(url)
    browser.wait_for(wait, what)
    for action, step in actions:
        kind, __, argument = action.partition(":")
        if kind == "click":
            browser.click(argument, f"{what}: {step}")
        elif kind == "scroll":
            browser.wait_for(argument, f"{what}: {step}")
            browser.evaluate(f"document.querySelector({json.dumps(argument)}).scrollIntoView()")
        elif kind == "js":
            browser.evaluate(argument)
        elif kind == "wait":
            browser.wait_for(argument, f"{what}: {step}")
        else:
            raise ScreenshotError(f"{what}: unknown action {action!r}")
    browser.settle()


# Unfold the groups of a grouped list, nested ones too: click the first folded
# header, let the list render, again, until none is left (20 at most).
OPEN_GROUPS = """(async () => {
    for (let i = 0; i < 20; i++) {
        const header = document.querySelector(".o_group_header:not(.o_group_open)");
        if (!header) { return; }
        header.click();
        const open = () => !header.isConnected || header.classList.contains("o_group_open");
        for (let t = 0; t < 50 && !open(); t++) {
            await new Promise(r => setTimeout(r, 100));
        }
    }
})()"""


# Close the open dialogs, last first: error dialogs with Close, forms with
# their cancel button (Discard), so that nothing typed for a screenshot is saved.
CLOSE_DIALOGS = """(async () => {
    for (let i = 0; i < 5; i++) {
        const modal = [...document.querySelectorAll(".modal")].pop();
        if (!modal) { return; }
        const button = modal.querySelector(".o_error_dialog .modal-footer .btn-primary")
            || modal.querySelector(".modal-footer .btn-secondary");
        if (!button) { return; }
        button.click();
        for (let t = 0; t < 30 && modal.isConnected; t++) {
            await new Promise(r => setTimeout(r, 100));
        }
    }
})()"""


def type_into(selector, text):
    """A js: action typing ``text`` into an Odoo text field."""
    return (
        "js:(() => {"
        f"const field = document.querySelector({json.dumps(selector)});"
        f"field.value = {json.dumps(text)};"
        "field.dispatchEvent(new Event('input', {bubbles: true}));"
        "field.dispatchEvent(new Event('change', {bubbles: true}));"
        "})()"
    )


def shots_en(base, ids):
    """The main screens, in English."""
    log_button = ".o_form_view .o_statusbar_buttons button[name=action_log_interaction]"
    summary = ".modal .o_field_widget[name=summary] textarea"
    return [
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
            f"{base}/odoo/my-followups/{ids['step']}",
            log_button,
            "Quick log",
            (
                (f"click:{log_button}", "open the dialog"),
                (f"wait:{summary}", "the dialog"),
                (
                    type_into(
                        summary,
                        "Purchasing manager Chen* confirmed the delivery address "
                        "(building 3) and asked for the tracking link once shipped.",
                    ),
                    "type",
                ),
            ),
        ),
        (
            "order-followup",
            f"{base}/odoo/action-sale.action_orders/{ids['order']}",
            ".o_form_view .o_notebook a[name=followup]",
            "Order follow-up tab",
            (
                ("click:.o_form_view .o_notebook a[name=followup]", "open the tab"),
                ("wait:.o_form_view .o_field_widget[name=followup_step_ids] .o_data_row", "plan"),
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
            f"{base}/odoo/followup-customers/{ids['partner']}",
            ".o_form_view .o_notebook a[name=followup]",
            "Customer follow-up tab",
            (
                ("click:.o_form_view .o_notebook a[name=followup]", "open the tab"),
                ("scroll:.o_form_view .o_notebook", "the tab"),
            ),
        ),
        (
            "escalations",
            f"{base}/odoo/followup-escalations",
            ".o_list_renderer .o_group_header",
            "Overdue and escalations",
            (
                (f"js:{OPEN_GROUPS}", "unfold the groups"),
                ("wait:.o_list_renderer .o_data_row", "the late steps"),
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
            "monthly-report",
            f"{base}/odoo/followup-monthly-reports/{ids['report']}",
            ".o_form_view .o_field_widget[name=xlsx_file]",
            "Monthly report",
            (),
        ),
    ]


def shots_lang(base, ids, lang):
    """The rep's list in ``lang``, and the refused vague summary."""
    log_button = ".o_form_view .o_statusbar_buttons button[name=action_log_interaction]"
    summary = ".modal .o_field_widget[name=summary] textarea"
    vague = "已與客戶溝通" if lang == "zh_TW" else "已与客户沟通"
    return [
        (
            f"my-followups-{lang}",
            f"{base}/odoo/my-followups",
            ".o_list_renderer .o_data_row",
            f"My Follow-ups in {lang}",
            (),
        ),
        (
            f"vague-summary-{lang}",
            f"{base}/odoo/my-followups/{ids['step']}",
            log_button,
            f"Refused summary in {lang}",
            (
                (f"click:{log_button}", "open the dialog"),
                (f"wait:{summary}", "the dialog"),
                (type_into(summary, vague), "type"),
                ("click:.modal .modal-footer button.btn-primary", "save"),
                ("wait:.modal .o_error_dialog", "the refusal"),
            ),
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs/screenshots")
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
    steps = odoo.call(
        "sales_followup.step",
        "search",
        [
            ("user_id", "=", uid),
            ("state", "in", ("planned", "overdue")),
            ("kind", "!=", "manager_review"),
        ],
        order="date_due, id",
        limit=1,
    )
    if not steps:
        raise ScreenshotError(f"{options.login} has no open follow-up step to show")
    company_id = odoo.call("res.users", "read", [uid], ["company_id"])[0]["company_id"][0]
    month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    # Last month's report for the manager's screen (made again if it exists).
    found = odoo.call(
        "sales_followup.monthly.report",
        "search",
        [("company_id", "=", company_id), ("date_from", "=", month.isoformat())],
        limit=1,
    )
    report = (found or [None])[0] or odoo.call(
        "sales_followup.monthly.report",
        "create",
        {"company_id": company_id, "date_from": month.isoformat()},
    )
    odoo.call("sales_followup.monthly.report", "action_generate", [report])
    ids = {
        "step": steps[0],
        "order": odoo.ref("sales_followup.order_demo_strategic"),
        "partner": odoo.ref("sales_followup.partner_demo_strategic"),
        "report": report,
    }

    browser = Browser(options.chromium)
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=odoo.session_id,
            domain=urlparse(base).hostname,
            path="/",
        )
        for shot in shots_en(base, ids):
            take(browser, out, shot)
        original_lang = odoo.call("res.users", "read", [uid], ["lang"])[0]["lang"]
        for lang in options.lang:
            odoo.call("res.users", "write", [uid], {"lang": lang})
            try:
                for shot in shots_lang(base, ids, lang):
                    take(browser, out, shot)
            finally:
                odoo.call("res.users", "write", [uid], {"lang": original_lang})
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except ScreenshotError as error:
        sys.exit(f"screenshots: {error}")
