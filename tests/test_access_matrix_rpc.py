"""The access matrix over JSON-RPC: what each role may do to whose follow-up
data, asked of a running server as the users themselves (the API, which
serves whatever the UI hides).

Each (model, role, record, operation) is one test. Records: "a" belongs to
rep A (his customer, his order in team A, his interaction), "b" to rep B
(team B), "c2" to the second company. Operations: r = read, s = search,
w = write, u = unlink.
"""

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pytest

from e2e_records import confirmed_order, ref
from odoo_rpc import OdooRPC, OdooRPCError, http_session

# The matrix the ORM tests read too (plain data, loaded from its file).
_MATRIX_FILE = Path(__file__).resolve().parent.parent / "sales_followup/tests/access_matrix.py"
_spec = importlib.util.spec_from_file_location("access_matrix", _MATRIX_FILE)
access_matrix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(access_matrix)

ACCESS_ERROR = "odoo.exceptions.AccessError"
PASSWORD = "e2e-Privacy-2026"
SUMMARY = "Customer confirmed delivery to building 3 on 17 March."

# Defaults of the copies that the allowed deletions remove.
COPY_DEFAULTS = {
    "sales_followup.tier": {"code": "e2e_copy", "name": "Copy"},
    "sales_followup.care.plan": {"state": "closed"},
    "sales_followup.care.template": {"active": False},
    "sales_followup.monthly.report": {"date_from": "2025-01-01"},
}
ROLE_GROUPS = {
    "rep_a": ["sales_team.group_sale_salesman", "base.group_allow_export"],
    "rep_b": ["sales_team.group_sale_salesman"],
    "team_leader": ["sales_team.group_sale_salesman"],
    "all_documents": ["sales_team.group_sale_salesman_all_leads"],
    "manager": ["sales_team.group_sale_manager", "base.group_allow_export"],
    "portal": ["base.group_portal"],
    "public": ["base.group_public"],
}


CELLS = [
    pytest.param(*cell, id=f"{cell[0].split('.')[-1]}-{cell[1]}-{cell[2]}-{cell[3]}")
    for cell in access_matrix.cells()
]


@dataclass
class World:
    admin: OdooRPC
    clients: dict  # role -> logged-in OdooRPC
    records: dict  # model -> key -> id
    customer_a: int
    generated_reports: dict  # "a" / "c2" -> id of April 2026's report, with its workbook


def _confirmed_order(admin, partner_id, product_id, user_id, team_id, company_id=None):
    """A confirmed order and the first step of its plan."""
    context = {"allowed_company_ids": [company_id]} if company_id else {}
    order_id = confirmed_order(admin, partner_id, product_id, user_id, team_id, company_id)
    [order] = admin.execute(
        "sale.order", "read", [order_id], fields=["followup_step_ids"], context=context
    )
    assert order["followup_step_ids"], "the confirmed order has no follow-up plan"
    return order_id, order["followup_step_ids"][0]


@pytest.fixture(scope="module")
def world(odoo_server):
    """Users of every role (logged in), customers, orders and interactions."""
    admin = OdooRPC(odoo_server.url, odoo_server.db)
    assert admin.login("admin", "admin")
    company_1 = admin.execute("res.users", "read", [admin.uid], fields=["company_id"])[0][
        "company_id"
    ][0]
    users = {}
    for role, groups in ROLE_GROUPS.items():
        users[role] = admin.execute(
            "res.users",
            "create",
            {
                "name": f"E2E {role}",
                "login": f"e2e_privacy_{role}",
                "password": PASSWORD,
                "company_id": company_1,
                "company_ids": [(6, 0, [company_1])],
                "groups_id": [(6, 0, [ref(admin, xmlid) for xmlid in groups])],
            },
        )
    team_a = admin.execute(
        "crm.team",
        "create",
        {"name": "E2E Team A", "user_id": users["team_leader"], "member_ids": [users["rep_a"]]},
    )
    team_b = admin.execute("crm.team", "create", {"name": "E2E Team B"})
    admin.execute("crm.team", "write", [team_b], {"member_ids": [(4, users["rep_b"])]})
    product = admin.execute(
        "product.product",
        "create",
        {"name": "E2E Privacy Machine", "type": "consu", "list_price": 150000},
    )
    customer_a = admin.execute(
        "res.partner",
        "create",
        {"name": "E2E Customer A", "is_company": True, "user_id": users["rep_a"]},
    )
    contact_a = admin.execute(
        "res.partner", "create", {"name": "Zhang Wei", "parent_id": customer_a}
    )
    customer_b = admin.execute(
        "res.partner",
        "create",
        {"name": "E2E Customer B", "is_company": True, "user_id": users["rep_b"]},
    )
    order_a, step_a = _confirmed_order(admin, customer_a, product, users["rep_a"], team_a)
    order_b, step_b = _confirmed_order(admin, customer_b, product, users["rep_b"], team_b)
    interaction_a = admin.execute(
        "sales_followup.interaction",
        "create",
        {
            "order_id": order_a,
            "summary": SUMMARY,
            "user_id": users["rep_a"],
            "participant_contact_ids": [(6, 0, [contact_a])],
        },
    )
    interaction_b = admin.execute(
        "sales_followup.interaction",
        "create",
        {"order_id": order_b, "summary": SUMMARY, "user_id": users["rep_b"]},
    )

    company_2 = admin.execute("res.company", "create", {"name": "E2E Company 2"})
    admin.execute("res.users", "write", [admin.uid], {"company_ids": [(4, company_2)]})
    in_company_2 = {"allowed_company_ids": [company_2]}
    customer_2 = admin.execute(
        "res.partner",
        "create",
        {"name": "E2E Customer 2", "is_company": True, "company_id": company_2},
        context=in_company_2,
    )
    order_2, step_2 = _confirmed_order(admin, customer_2, product, admin.uid, False, company_2)
    interaction_2 = admin.execute(
        "sales_followup.interaction",
        "create",
        {"order_id": order_2, "summary": SUMMARY},
        context=in_company_2,
    )
    complaints = {
        key: admin.execute(
            "sales_followup.complaint",
            "create",
            {
                "partner_id": customer,
                "order_id": order,
                "category": "service_behaviour",
                "description": "The driver was rude at the gate.",
            },
            context=context,
        )
        for key, customer, order, context in (
            ("a", customer_a, order_a, {}),
            ("b", customer_b, order_b, {}),
            ("c2", customer_2, order_2, in_company_2),
        )
    }
    tier_key = ref(admin, "sales_followup.tier_key")
    [tier_2] = admin.execute(
        "sales_followup.tier",
        "search",
        [("company_id", "=", company_2), ("code", "=", "key")],
        context=in_company_2,
    )
    care = {}
    for key, customer, user, context in (
        ("a", customer_a, users["rep_a"], {}),
        ("b", customer_b, users["rep_b"], {}),
        ("c2", customer_2, admin.uid, in_company_2),
    ):
        plan = admin.execute(
            "sales_followup.care.plan",
            "create",
            {"partner_id": customer, "segment": "returning", "user_id": user},
            context=context,
        )
        action = admin.execute(
            "sales_followup.care.action",
            "create",
            {
                "plan_id": plan,
                "name": "Quarterly care call",
                "date_planned": "2026-06-01",
                "user_id": user,
            },
            context=context,
        )
        care[key] = (plan, action)
    commitments = {
        key: admin.execute(
            "sales_followup.commitment",
            "create",
            {
                "interaction_id": interaction,
                "name": "Send the test report.",
                "user_id": user,
                "date_deadline": "2099-01-01",
            },
            context=context,
        )
        for key, interaction, user, context in (
            ("a", interaction_a, users["rep_a"], {}),
            ("b", interaction_b, users["rep_b"], {}),
            ("c2", interaction_2, admin.uid, in_company_2),
        )
    }
    template = ref(admin, "sales_followup.care_template_new")
    [template_line] = admin.execute(
        "sales_followup.care.template.line", "search", [("template_id", "=", template)], limit=1
    )
    template_2 = admin.execute(
        "sales_followup.care.template",
        "create",
        {
            "name": "E2E Company 2 Care",
            "segment": "new",
            "company_id": company_2,
            "line_ids": [(0, 0, {"name": "Welcome call", "channel": "phone"})],
        },
        context=in_company_2,
    )
    [template_line_2] = admin.execute(
        "sales_followup.care.template.line",
        "search",
        [("template_id", "=", template_2)],
        context=in_company_2,
    )
    reports = {
        key: admin.execute(
            "sales_followup.monthly.report",
            "create",
            {"company_id": company, "date_from": "2025-06-01"},
            context={"allowed_company_ids": [company]},
        )
        for key, company in (("a", company_1), ("c2", company_2))
    }
    generated = {}
    for key, company in (("a", company_1), ("c2", company_2)):
        context = {"allowed_company_ids": [company]}
        wizard = admin.execute(
            "sales_followup.monthly.report.wizard",
            "create",
            {"company_id": company, "month": "4", "year": 2026},
            context=context,
        )
        action = admin.execute(
            "sales_followup.monthly.report.wizard", "action_generate", [wizard], context=context
        )
        generated[key] = action["res_id"]
    portal_partner = admin.execute("res.users", "read", [users["portal"]], fields=["partner_id"])
    admin.execute(
        "res.partner", "write", [portal_partner[0]["partner_id"][0]], {"parent_id": customer_a}
    )

    clients = {}
    for role in ROLE_GROUPS:
        client = OdooRPC(odoo_server.url, odoo_server.db)
        assert client.login(f"e2e_privacy_{role}", PASSWORD), f"{role} could not log in"
        clients[role] = client
    world = World(
        admin=admin,
        clients=clients,
        records={
            "sales_followup.step": {"a": step_a, "b": step_b, "c2": step_2},
            "sales_followup.interaction": {
                "a": interaction_a,
                "b": interaction_b,
                "c2": interaction_2,
            },
            "sales_followup.care.plan": {key: plan for key, (plan, __) in care.items()},
            "sales_followup.care.action": {key: action for key, (__, action) in care.items()},
            "sales_followup.commitment": commitments,
            "sales_followup.complaint": complaints,
            "sales_followup.tier": {"a": tier_key, "c2": tier_2},
            "sales_followup.care.template": {"a": template, "c2": template_2},
            "sales_followup.care.template.line": {"a": template_line, "c2": template_line_2},
            "sales_followup.monthly.report": reports,
        },
        generated_reports=generated,
        customer_a=customer_a,
    )
    yield world
    for client in (admin, *clients.values()):
        client.close()


def _refused(call, *args, **kwargs):
    """Run the call, which must fail with an AccessError; return its message."""
    with pytest.raises(OdooRPCError) as error:
        call(*args, **kwargs)
    assert error.value.name == ACCESS_ERROR, str(error.value)
    return str(error.value)


@pytest.mark.parametrize(("model", "role", "key", "operation", "allowed"), CELLS)
def test_access_cell(world, model, role, key, operation, allowed):
    client = world.clients[role]
    record_id = world.records[model][key]
    if operation == "read":
        if allowed:
            assert client.execute(model, "read", [record_id], fields=["id"]) == [{"id": record_id}]
        else:
            _refused(client.execute, model, "read", [record_id], fields=["id"])
    elif operation == "search":
        domain = [("id", "=", record_id)]
        if role in access_matrix.NO_ACCESS_ROLES_BY_MODEL.get(model, access_matrix.NO_ACCESS_ROLES):
            _refused(client.execute, model, "search_count", domain)
        else:
            assert client.execute(model, "search_count", domain) == (1 if allowed else 0)
    elif operation == "write":
        values = access_matrix.WRITE_VALUES[model]
        if allowed:
            assert client.execute(model, "write", [record_id], values) is True
            fname, value = next(iter(values.items()))
            [record] = world.admin.execute(
                model, "read", [record_id], fields=[fname], context={"active_test": False}
            )
            assert record[fname] == value
        else:
            _refused(client.execute, model, "write", [record_id], values)
    elif operation == "unlink":
        if allowed:
            default = COPY_DEFAULTS.get(model, {})
            [copy_id] = world.admin.execute(model, "copy", [record_id], default)
            assert client.execute(model, "unlink", [copy_id]) is True
            assert not world.admin.execute(model, "search", [("id", "=", copy_id)])
        else:
            _refused(client.execute, model, "unlink", [record_id])
            assert world.admin.execute(
                model, "search_count", [("id", "=", record_id)], context={"active_test": False}
            )


def test_matrix_size():
    """The cells over the API that the README lists: 68 for each follow-up
    model (steps, interactions, care plans, care actions, commitments,
    complaints), 36 for each configuration model (tiers, care templates,
    their actions), 28 for the monthly report."""
    assert len(CELLS) == 6 * 68 + 3 * 36 + 28


def _http_session(odoo_server, login, password):
    return http_session(odoo_server.url, odoo_server.db, login, password)


def test_report_download_cannot_be_guessed(odoo_server, world):
    """The workbook's download: a manager gets his company's workbook, and a 404
    for another company's; a rep gets nothing, whatever the id."""
    url = odoo_server.url + "/web/content/sales_followup.monthly.report/{}/xlsx_file"
    manager = _http_session(odoo_server, "e2e_privacy_manager", PASSWORD)
    own = manager.get(url.format(world.generated_reports["a"]), timeout=120)
    assert own.status_code == 200
    assert own.content.startswith(b"PK")  # an xlsx is a zip
    other = manager.get(url.format(world.generated_reports["c2"]), timeout=60)
    assert other.status_code == 404
    assert not other.content.startswith(b"PK")
    rep = _http_session(odoo_server, "e2e_privacy_rep_a", PASSWORD)
    for report_id in world.generated_reports.values():
        response = rep.get(url.format(report_id), timeout=60)
        assert response.status_code == 404
        assert not response.content.startswith(b"PK")


def test_rep_cannot_export_manager_exports_masked(world):
    interaction_a = world.records["sales_followup.interaction"]["a"]
    fields = ["partner_id", "participant_contact_ids", "summary"]
    message = _refused(
        world.clients["rep_a"].execute,
        "sales_followup.interaction",
        "export_data",
        [interaction_a],
        fields,
    )
    assert "export" in message
    for role in ("portal", "public", "all_documents"):
        _refused(
            world.clients[role].execute,
            "sales_followup.interaction",
            "export_data",
            [interaction_a],
            fields,
        )
    rows = world.clients["manager"].execute(
        "sales_followup.interaction", "export_data", [interaction_a], fields
    )["datas"]
    [customer] = world.admin.execute(
        "res.partner", "read", [world.customer_a], fields=["followup_customer_code"]
    )
    code = customer["followup_customer_code"]
    assert code
    assert rows == [[code, f"{code}, Zhang*", SUMMARY]]


def test_contact_names_masked_in_views_data(world):
    """What the interaction form reads: masked for a rep, plain for the
    administrator, a personal data officer in the demo data."""
    model = "sales_followup.interaction"
    interaction_a = world.records[model]["a"]
    described = world.admin.execute(
        model, "fields_get", ["participant_contact_ids"], attributes=["context"]
    )
    spec = {
        "participant_contact_ids": {
            "fields": {"display_name": {}},
            "context": described["participant_contact_ids"]["context"],
        }
    }

    def contacts(client):
        [record] = client.execute(model, "web_read", [interaction_a], spec)
        return [contact["display_name"] for contact in record["participant_contact_ids"]]

    assert contacts(world.clients["rep_a"]) == ["E2E Customer A, Zhang*"]
    assert contacts(world.admin) == ["E2E Customer A, Zhang Wei"]


def test_portal_reads_own_order_without_followup_fields(world):
    """The customer's portal user follows order A: he reads it, not its
    follow-up data."""
    [step] = world.admin.execute(
        "sales_followup.step", "read", [world.records["sales_followup.step"]["a"]], ["order_id"]
    )
    order_id = step["order_id"][0]
    portal = world.clients["portal"]
    [portal_user] = world.admin.execute("res.users", "read", [portal.uid], ["partner_id"])
    world.admin.execute(
        "sale.order", "message_subscribe", [order_id], partner_ids=[portal_user["partner_id"][0]]
    )
    assert portal.execute("sale.order", "read", [order_id], fields=["name"])
    for fname in ("followup_risk_warning", "followup_special_requirements", "followup_step_ids"):
        _refused(portal.execute, "sale.order", "read", [order_id], fields=[fname])
    assert not [f for f in portal.execute("sale.order", "fields_get") if f.startswith("followup")]
    # His company's follow-up profile: code, segment, health, do not contact...
    assert portal.execute("res.partner", "read", [world.customer_a], fields=["name"])
    for fname in ("followup_customer_code", "followup_health", "followup_do_not_contact_reason"):
        _refused(portal.execute, "res.partner", "read", [world.customer_a], fields=[fname])
    assert not [f for f in portal.execute("res.partner", "fields_get") if f.startswith("followup")]
