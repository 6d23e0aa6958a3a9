"""The CRM bridge installs with CRM alone and uninstalls cleanly (issue 18).

A database of its own: sales_followup and ``sales_followup_crm`` with
their demo data, on their dependencies only: CRM (``crm``, ``sale_crm``)
and nothing of Inventory or Surveys. The bridge is used (a
lead's contact logged, its quotation confirmed, a lead lost for a seeded
reason), then uninstalled from the Apps screen's button over JSON-RPC. What
must hold after: no column, field, view, rule, menu or external id of the
bridge is left; the leads' steps are gone and their contacts stay on the
customer's timeline; seeded records still used stay as plain records; and
sales_followup still confirms and plans orders, its views still load.
"""

import os
import secrets
import subprocess
from pathlib import Path

import psycopg2
import pytest

from odoo_rpc import OdooRPC

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
LOG_DIR = ROOT / "var" / "log"
BRIDGE = "sales_followup_crm"
SUMMARY = "The dean confirmed forty workstations and a budget decision on 20 January."


def query(db, sql, params=None):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        result = cr.fetchall()
    conn.close()
    return result


def bridge_columns(db):
    """``{(table, column)}`` of the stored fields that only the bridge declares."""
    rows = query(
        db,
        """
        SELECT f.model, f.name FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module = %s AND f.store AND NOT EXISTS (
               SELECT 1 FROM ir_model_data o WHERE o.model = 'ir.model.fields'
                  AND o.res_id = f.id AND o.module != %s)
        """,
        [BRIDGE, BRIDGE],
    )
    return {(model.replace(".", "_"), fname) for model, fname in rows}


def existing_columns(db, columns):
    rows = query(
        db,
        """SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'""",
    )
    return set(rows) & set(columns)


def ref(rpc, xmlid):
    module, name = xmlid.split(".")
    found = rpc.execute(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"]
    )
    return found[0]["res_id"] if found else None


def module_states(rpc, names):
    modules = rpc.execute(
        "ir.module.module", "search_read", [("name", "in", names)], ["name", "state"]
    )
    states = {module["name"]: module["state"] for module in modules}
    return {name: states.get(name, "uninstalled") for name in names}


@pytest.fixture(scope="module")
def crm_server(serve_database):
    """sales_followup and the CRM bridge with demo data, on a database that
    has CRM but neither Inventory nor Surveys (``newdb.sh --addons``);
    served. Yields ``(server, admin RPC client)``."""
    db = f"sales_followup_e2e_crm_{os.getpid()}_{secrets.token_hex(2)}"
    created = subprocess.run(
        ["bash", str(SCRIPTS / "newdb.sh"), "--addons", BRIDGE, db],
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    with serve_database(db, LOG_DIR / "e2e-crm-server.log") as server:
        admin = OdooRPC(server.url, server.db)
        assert admin.login("admin", "admin")
        yield server, admin
        admin.close()


@pytest.fixture(scope="module")
def used(crm_server):
    """The bridge at work on a lead from a seeded source: a contact logged
    on it, then its quotation confirmed; another lead lost for a seeded
    reason. Returns the ids of what was made."""
    __, admin = crm_server
    partner = admin.execute(
        "res.partner", "create", {"name": "E2E Lead Customer", "is_company": True}
    )
    team = admin.execute("crm.team", "create", {"name": "E2E Lead Team", "user_id": admin.uid})
    lead = admin.execute(
        "crm.lead",
        "create",
        {
            "name": "E2E lab workstations",
            "type": "opportunity",
            "partner_id": partner,
            "team_id": team,
            "user_id": admin.uid,
            "source_id": ref(admin, f"{BRIDGE}.utm_source_trade_show"),
            "followup_need": "Forty lab workstations before the autumn term.",
        },
    )
    interaction = admin.execute(
        "sales_followup.interaction",
        "create",
        {"lead_id": lead, "partner_id": partner, "summary": SUMMARY},
    )
    product = admin.execute("product.product", "search", [("sale_ok", "=", True)], limit=1)[0]
    order = admin.execute(
        "sale.order",
        "create",
        {
            "partner_id": partner,
            "opportunity_id": lead,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2})],
        },
    )
    admin.execute("sale.order", "action_confirm", [order])
    lost = admin.execute(
        "crm.lead",
        "create",
        {"name": "E2E lead lost for its budget", "partner_id": partner},
    )
    admin.execute(
        "crm.lead",
        "write",
        [lost],
        {"lost_reason_id": ref(admin, f"{BRIDGE}.lost_reason_budget"), "active": False},
    )
    steps = admin.execute(
        "sales_followup.step", "search", [("lead_id", "=", lead)], context={"active_test": False}
    )
    return {
        "lead": lead,
        "interaction": interaction,
        "order": order,
        "steps": steps,
        "source": ref(admin, f"{BRIDGE}.utm_source_trade_show"),
        "lost_reason": ref(admin, f"{BRIDGE}.lost_reason_budget"),
        "handover_type": ref(admin, f"{BRIDGE}.mail_activity_type_handover"),
    }


@pytest.fixture(scope="module")
def uninstalled(crm_server, used):
    """The bridge uninstalled as from the Apps screen. Returns the columns
    that it had added and its records (``{model: ids}``, from its external
    ids) before."""
    server, admin = crm_server
    columns = bridge_columns(server.db)
    records = {}
    # The bridge's own records; the Odoo models and fields it extends are
    # others' too.
    for data in query(
        server.db,
        """SELECT model, res_id FROM ir_model_data d WHERE module = %s AND NOT EXISTS (
               SELECT 1 FROM ir_model_data o WHERE o.model = d.model
                  AND o.res_id = d.res_id AND o.module != %s)""",
        [BRIDGE, BRIDGE],
    ):
        records.setdefault(data[0], []).append(data[1])
    [module] = admin.execute("ir.module.module", "search", [("name", "=", BRIDGE)])
    admin.execute("ir.module.module", "button_immediate_uninstall", [module])
    return {"columns": columns, "records": records}


def test_installs_with_crm_alone_and_hands_over(crm_server, used):
    __, admin = crm_server
    assert module_states(
        admin, [BRIDGE, "crm", "sale_crm", "stock", "survey", "sales_followup_stock"]
    ) == {
        BRIDGE: "installed",
        "crm": "installed",
        "sale_crm": "installed",
        "stock": "uninstalled",
        "survey": "uninstalled",
        "sales_followup_stock": "uninstalled",
    }
    [lead] = admin.execute("crm.lead", "read", [used["lead"]], ["probability", "active"])
    assert (lead["probability"], lead["active"]) == (100, True), "the lead is not won"
    steps = admin.execute(
        "sales_followup.step", "read", used["steps"], ["lead_id", "kind", "state"]
    )
    assert {"lead_plan", "first_contact"} <= {step["kind"] for step in steps}
    assert "done" in {step["state"] for step in steps}, "the logged contact completed no step"
    handover = admin.execute(
        "mail.activity",
        "search_count",
        [
            ("res_model", "=", "sale.order"),
            ("res_id", "=", used["order"]),
            ("activity_type_id", "=", ref(admin, f"{BRIDGE}.mail_activity_type_handover")),
        ],
    )
    assert handover == 1, "no handover checklist on the confirmed order"


def test_uninstall_drops_the_bridge_columns(crm_server, uninstalled):
    server, admin = crm_server
    assert module_states(admin, [BRIDGE, "crm"]) == {BRIDGE: "uninstalled", "crm": "installed"}
    assert {
        ("crm_lead", "followup_grade"),
        ("crm_team", "followup_handover_user_id"),
        ("sales_followup_step", "lead_id"),
        ("sales_followup_interaction", "lead_id"),
    } <= uninstalled["columns"]
    assert existing_columns(server.db, uninstalled["columns"]) == set()
    left = query(
        server.db,
        """
        SELECT table_name, column_name FROM information_schema.columns
         WHERE table_name IN ('crm_lead', 'crm_team') AND column_name LIKE 'followup%%'
        UNION ALL
        SELECT conrelid::regclass::text, conname FROM pg_constraint
         WHERE conname LIKE '%%lead_plan%%'
        """,
    )
    assert left == []


def test_uninstall_leaves_nothing_of_the_bridge(crm_server, used, uninstalled):
    """Every record the bridge made (fields, views, rules, group, scheduled
    action, demo...) is gone, but the seeded ones still in use."""
    __, admin = crm_server
    records = uninstalled["records"]
    assert {
        "ir.model.fields",
        "ir.ui.view",
        "ir.rule",
        "res.groups",
        "ir.cron",
        "mail.activity.type",
        "utm.source",
        "crm.lost.reason",
        "crm.lead",
    } <= set(records)
    assert admin.execute("ir.model.data", "search_count", [("module", "=", BRIDGE)]) == 0
    kept = {
        "utm.source": [used["source"]],
        "crm.lost.reason": [used["lost_reason"]],
        "mail.activity.type": [used["handover_type"]],
    }
    left = {}
    for model, ids in records.items():
        found = admin.execute(model, "search", [("id", "in", ids)], context={"active_test": False})
        if sorted(found) != sorted(kept.get(model, [])):
            left[model] = found
    assert left == {}, "records of the bridge left after its uninstallation, or deleted in use"
    for model in ("crm.lead", "crm.team", "sales_followup.step", "sales_followup.interaction"):
        fields = admin.execute("ir.model.fields", "search_read", [("model", "=", model)], ["name"])
        names = {values["name"] for values in fields}
        assert not {"lead_id", "followup_grade", "followup_handover_user_id"} & names, model
    views = admin.execute(
        "ir.ui.view",
        "search_read",
        [
            "|",
            ("arch_db", "ilike", "followup_grade"),
            "&",
            ("arch_db", "ilike", "lead_id"),
            ("model", "like", "sales_followup."),
        ],
        ["name"],
        context={"active_test": False},
    )
    assert views == []


def test_uninstall_keeps_what_is_used_and_the_contacts(crm_server, used, uninstalled):
    """The leads' steps are gone; the contacts logged on leads stay on the
    customer's timeline; the seeded source, lost reason and activity type
    that records use stay, as plain records."""
    __, admin = crm_server
    assert used["steps"]
    assert (
        admin.execute(
            "sales_followup.step",
            "search",
            [("id", "in", used["steps"])],
            context={"active_test": False},
        )
        == []
    )
    [interaction] = admin.execute(
        "sales_followup.interaction", "read", [used["interaction"]], ["partner_id", "summary"]
    )
    [lead] = admin.execute("crm.lead", "read", [used["lead"]], ["partner_id", "source_id"])
    assert interaction["partner_id"] == lead["partner_id"]
    assert interaction["summary"] == SUMMARY
    assert lead["source_id"] and lead["source_id"][1] == "Trade Show"
    lost = admin.execute(
        "crm.lead",
        "search_read",
        [("name", "=", "E2E lead lost for its budget")],
        ["lost_reason_id"],
        context={"active_test": False},
    )
    assert lost[0]["lost_reason_id"][1] == "Budget"
    [activity] = admin.execute(
        "mail.activity",
        "search_read",
        [
            ("res_model", "=", "sale.order"),
            ("res_id", "=", used["order"]),
            ("activity_type_id.name", "=", "Customer Handover Checklist"),
        ],
        ["summary"],
    )
    assert activity["summary"] == "Customer handover checklist"


def test_core_still_confirms_plans_and_renders(crm_server, uninstalled):
    __, admin = crm_server
    partner = admin.execute("res.partner", "create", {"name": "E2E After the bridge"})
    product = admin.execute(
        "product.product", "create", {"name": "E2E After the bridge", "list_price": 120000}
    )
    order = admin.execute(
        "sale.order",
        "create",
        {"partner_id": partner, "order_line": [(0, 0, {"product_id": product})]},
    )
    admin.execute("sale.order", "action_confirm", [order])
    steps = admin.execute(
        "sales_followup.step", "search_read", [("order_id", "=", order)], ["kind"]
    )
    assert "first_contact" in {step["kind"] for step in steps}
    admin.execute(
        "sales_followup.interaction",
        "create",
        {"order_id": order, "summary": "Customer confirmed delivery to building 3 on 17 March."},
    )
    for model, views in (
        ("sale.order", ["list", "form", "search"]),
        ("sales_followup.step", ["list", "form", "kanban", "calendar", "pivot", "search"]),
        ("sales_followup.interaction", ["list", "form", "kanban", "calendar", "search"]),
        ("crm.lead", ["list", "form", "kanban", "search"]),
    ):
        described = admin.execute(model, "get_views", [[False, view] for view in views])
        assert set(described["views"]) == set(views), model
        assert admin.execute(model, "fields_get", attributes=["type"])
        # Every field the views show reads.
        fnames = list(described["models"][model]["fields"])
        assert admin.execute(model, "search_read", [], fnames, limit=5), model
