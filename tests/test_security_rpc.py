"""The security suite of issue 22, over real JSON-RPC and XML-RPC (and HTTP for
the CSV export), as the users themselves.

Table-driven: the links (many2one, many2many) and user fields of the add-on's
models are read from the add-on's source (``sales_followup/models/``), so a
field added later gets its tests without editing this file, and
``test_tables_match_server`` checks them against ``fields_get`` asked of the
server, so that none is missed. Each attack asserts refusal; each has a
positive control (the same operation on what the user may touch succeeds),
so that a test cannot pass because its setup is broken.

Attacks (test name prefixes):

1. ``test_repoint_*``: rep A re-points a link of his own record to a record
   he may not write (rep B's, the other company's, configuration); refused,
   and nothing of the target changed.
2. ``test_outsider_*``: a user field set (create and write) to a portal user,
   an internal user of company 2 and the public (share) user; refused with
   a ValidationError, and no activity assigned to them.
3. ``test_onchange_*``: ``onchange`` with an order the caller may not read.
4. ``test_export_*``: ``export_data`` and ``/web/export/csv`` refused to
   reps, employees and portal users; a manager's masked.
5. ``test_bookkeeping_*``: direct writes of status and bookkeeping fields.
6. ``test_masking_*``: contacts' names masked on every read path, with and
   without the ``followup_mask_names`` context.
7. ``test_figures_*``: a plain employee refused the customers' figures.
"""

import ast
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from e2e_records import confirmed_order, ref
from odoo_rpc import OdooRPC, OdooRPCError, http_session
from odoo_xmlrpc import OdooXMLRPC

MODELS_DIR = Path(__file__).resolve().parent.parent / "sales_followup" / "models"
FOLLOWUP_MODELS = (
    "sales_followup.step",
    "sales_followup.interaction",
    "sales_followup.care.plan",
    "sales_followup.care.action",
)
# Odoo's models whose followup_* fields the add-on adds (the company's are
# its settings).
EXTENDED_MODELS = ("sale.order", "res.partner", "res.company")
PROTOCOLS = ("jsonrpc", "xmlrpc")
PASSWORD = "e2e-Security-2026"
SUMMARY = "Customer confirmed delivery to building 3 on 17 March."
FUTURE = "2027-03-15"

ACCESS = "odoo.exceptions.AccessError"
VALIDATION = "odoo.exceptions.ValidationError"
USER_ERROR = "odoo.exceptions.UserError"
REFUSALS = (ACCESS, VALIDATION, USER_ERROR)

# People's names: none of these words may come out unmasked (masked they
# read Zhang*, J*** Smithers, 欧*, Wang*).
CONTACT_NAMES = ("Zhang Weiqiang", "Johnathan Smithers", "欧阳娜娜")
PERSON_CUSTOMER = "Wang Fangfang"
SECRET_WORDS = ("Weiqiang", "Johnathan", "阳娜娜", "Fangfang")
CUSTOMER_A = "Sec Customer Alpha"
CONTACT_DOMAIN = "@contacts.sec-example.com"  # the contacts' e-mail addresses

APPROVER = "sales_followup.group_followup_complaint_approver"
ROLE_GROUPS = {
    "rep_a": ["sales_team.group_sale_salesman", "base.group_allow_export"],
    "rep_a2": ["sales_team.group_sale_salesman"],
    "rep_b": ["sales_team.group_sale_salesman"],
    "leader_a": ["sales_team.group_sale_salesman"],
    "manager": ["sales_team.group_sale_manager", "base.group_allow_export"],
    "employee": ["base.group_user", "base.group_allow_export"],
    "portal": ["base.group_portal"],
    "user_c2": ["sales_team.group_sale_salesman"],
    "approver": ["sales_team.group_sale_manager", APPROVER],
    "approver_c2": ["sales_team.group_sale_salesman", APPROVER],
}
# Users of the other company.
C2_ROLES = ("user_c2", "approver_c2")
# Who stands for a role where the user must be a complaint approver.
APPROVER_ROLES = {"manager": "approver", "user_c2": "approver_c2"}
# Users a user field must refuse: a portal contact of rep A's own customer,
# an internal user of the other company, and the public user (share).
OUTSIDERS = ("portal", "user_c2", "public")


# ----------------------------------------------------------------------
# The tables, from the add-on's source
# ----------------------------------------------------------------------


def _literal(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


# Links computed for display only (see source_links): listed, not re-pointed.
DISPLAY_LINKS = set()


def source_links():
    """``{(model, field): comodel or None}`` for every Many2one and Many2many
    the add-on declares on the follow-up models, and its ``followup_*`` ones
    on ``sale.order`` and ``res.partner``. ``None``: a related field, whose
    comodel the server tells."""
    links = {}
    for path in sorted(MODELS_DIR.glob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef):
                continue
            names = {}
            for item in cls.body:
                if isinstance(item, ast.Assign) and len(item.targets) == 1:
                    target = getattr(item.targets[0], "id", None)
                    if target in ("_name", "_inherit"):
                        names[target] = _literal(item.value)
            model = names.get("_name") or names.get("_inherit")
            if model not in FOLLOWUP_MODELS + EXTENDED_MODELS:
                continue
            for item in cls.body:
                if not (
                    isinstance(item, ast.Assign)
                    and isinstance(item.value, ast.Call)
                    and getattr(item.value.func, "attr", None) in ("Many2one", "Many2many")
                ):
                    continue
                fname = item.targets[0].id
                if model in EXTENDED_MODELS and not fname.startswith("followup_"):
                    continue
                call = item.value
                keywords = {keyword.arg for keyword in call.keywords}
                if (
                    model in EXTENDED_MODELS
                    and "compute" in keywords
                    and not keywords & {"inverse", "store"}
                ):
                    # On Odoo's model, computed for display, neither stored
                    # nor inverted: a write leaves nothing to re-point.
                    DISPLAY_LINKS.add((model, fname))
                comodel = _literal(call.args[0]) if call.args else None
                for keyword in call.keywords:
                    if keyword.arg == "comodel_name":
                        comodel = _literal(keyword.value)
                links[(model, fname)] = comodel
    return links


LINKS = source_links()
# User fields of the records, and of the company's follow-up settings.
USER_FIELDS = sorted(
    key for key, comodel in LINKS.items() if comodel == "res.users" and key[0] != "res.company"
)
COMPANY_USER_FIELDS = sorted(
    fname
    for (model, fname), comodel in LINKS.items()
    if comodel == "res.users" and model == "res.company"
)
RECORD_LINKS = sorted(
    key for key, comodel in LINKS.items() if comodel != "res.users" and key not in DISPLAY_LINKS
)

# Links a rep may legitimately point elsewhere, and why. Re-pointing them to
# a record of another company is still refused (that is what the test tries);
# the positive control points them to a record of the same company.
REPOINT_ALLOWED = {
    ("sales_followup.care.plan", "template_id"): "the care approach (a template of the "
    "company, read-only configuration) is the rep's choice for his customer's plan",
}
# Fields of the models that the add-on does not declare: Odoo's own, covered
# by Odoo's rights (chatter followers, log columns).
ODOO_FIELDS = {
    "create_uid": "set by the ORM, never written",
    "write_uid": "set by the ORM, never written",
    "message_partner_ids": "mail.thread followers, under Odoo's own rules",
    "message_follower_ids": "mail.thread followers, under Odoo's own rules",
    "activity_user_id": "mail.activity.mixin, computed from the activities",
    "activity_type_id": "mail.activity.mixin, computed from the activities",
    "rating_ids": "rating.mixin",
}

# Status and bookkeeping fields: set only by the add-on's own flows.
# (model, field, value key, roles refused)
REP_AND_MANAGER = ("rep_a", "manager")
BOOKKEEPING = [
    ("sales_followup.interaction", "is_late", True, REP_AND_MANAGER),
    ("sales_followup.interaction", "is_escalated", True, REP_AND_MANAGER),
    ("sales_followup.interaction", "after_sales_notified", True, REP_AND_MANAGER),
    ("sales_followup.interaction", "escalation_step_id", "own_step", REP_AND_MANAGER),
    ("sales_followup.interaction", "date_logged", "2020-01-06 08:00:00", REP_AND_MANAGER),
    ("sales_followup.interaction", "is_anonymised", True, REP_AND_MANAGER),
    ("sales_followup.interaction", "next_action_activity_id", "own_activity", REP_AND_MANAGER),
    ("sales_followup.step", "state", "done", REP_AND_MANAGER),
    ("sales_followup.step", "kind", "manager_review", REP_AND_MANAGER),
    ("sales_followup.step", "date_done", "2026-01-05 08:00:00", REP_AND_MANAGER),
    ("sales_followup.step", "date_due", "1900-01-01", REP_AND_MANAGER),
    ("sales_followup.step", "interaction_id", "own_interaction", ("rep_a",)),
    ("sales_followup.step", "date_escalated", "2026-01-05 08:00:00", REP_AND_MANAGER),
    ("sales_followup.step", "escalation_user_id", "colleague", REP_AND_MANAGER),
    ("sales_followup.step", "co_owner_id", "colleague", REP_AND_MANAGER),
    ("sales_followup.care.action", "state", "done", REP_AND_MANAGER),
    ("sales_followup.care.action", "date_done", "2026-01-05 08:00:00", REP_AND_MANAGER),
    ("sales_followup.care.action", "interaction_id", "own_interaction", REP_AND_MANAGER),
]
BOOKKEEPING_FIELDS = {(model, fname) for model, fname, *__ in BOOKKEEPING}

FIGURE_FIELDS = (
    "followup_revenue_12m",
    "followup_rfm_r",
    "followup_rfm_f",
    "followup_rfm_m",
    "followup_rfm_score",
    "followup_health",
    "followup_customer_code",
    "followup_segment",
    "followup_abc_class",
)


def _ids(*parts):
    return "-".join(str(part).replace("sales_followup.", "").replace(".", "_") for part in parts)


def params(rows):
    return [pytest.param(*row, id=_ids(*row)) for row in rows]


# ----------------------------------------------------------------------
# The world: users of every role, their customers, orders and records
# ----------------------------------------------------------------------


@dataclass
class World:
    url: str
    db: str
    admin: OdooRPC
    users: dict  # role -> user id
    clients: dict  # (role, protocol) -> logged-in client
    rec: dict  # name -> id
    comodels: dict  # (model, field) -> comodel, from the server
    types: dict  # (model, field) -> field type, from the server
    sessions: dict = field(default_factory=dict)  # role -> (HTTP session, CSRF token)

    def client(self, role, protocol):
        return self.clients[(role, protocol)]

    def read1(self, model, record_id, fnames):
        [values] = self.admin.execute(
            model, "read", [record_id], fnames, context={"active_test": False}
        )
        return values


def _first_step(admin, order_id):
    found = admin.execute(
        "sales_followup.step",
        "search",
        [("order_id", "=", order_id), ("state", "in", ("planned", "overdue"))],
        limit=1,
        context={"active_test": False},
    )
    assert found, f"order {order_id} has no open follow-up step"
    return found[0]


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = OdooRPC(odoo_server.url, odoo_server.db)
    assert admin.login("admin", "admin")
    company_1 = admin.execute("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    company_2 = admin.execute("res.company", "create", {"name": "Sec Company 2"})
    admin.execute("res.users", "write", [admin.uid], {"company_ids": [(4, company_2)]})
    in_c2 = {"allowed_company_ids": [company_2]}
    # One call: each user creation otherwise clears the registry's caches.
    user_ids = admin.execute(
        "res.users",
        "create",
        [
            {
                "name": f"Sec {role}",
                "login": f"e2e_sec_{role}",
                "email": f"e2e_sec_{role}@example.com",
                "password": PASSWORD,
                "company_id": company_2 if role in C2_ROLES else company_1,
                "company_ids": [(6, 0, [company_2 if role in C2_ROLES else company_1])],
                "groups_id": [(6, 0, [ref(admin, xmlid) for xmlid in groups])],
            }
            for role, groups in ROLE_GROUPS.items()
        ],
    )
    users = dict(zip(ROLE_GROUPS, user_ids, strict=True))
    users["public"] = ref(admin, "base.public_user")
    team_a = admin.execute(
        "crm.team",
        "create",
        {
            "name": "Sec Team A",
            "user_id": users["leader_a"],
            "member_ids": [(6, 0, [users["rep_a"], users["rep_a2"]])],
        },
    )
    team_b = admin.execute("crm.team", "create", {"name": "Sec Team B"})
    admin.execute("crm.team", "write", [team_b], {"member_ids": [(4, users["rep_b"])]})
    product = admin.execute(
        "product.product",
        "create",
        {"name": "Sec Machine", "type": "consu", "list_price": 150000},
    )

    def company(name, user):
        return admin.execute(
            "res.partner", "create", {"name": name, "is_company": True, "user_id": user}
        )

    rec = {"company_1": company_1, "company_2": company_2}
    rec["cust_a"] = company(CUSTOMER_A, users["rep_a"])
    rec["cust_a2"] = company("Sec Customer Alpha Two", users["rep_a"])
    rec["cust_free"] = company("Sec Customer Nobody's", False)
    rec["cust_b"] = company("Sec Customer Beta", users["rep_b"])
    rec["cust_b_dnc"] = company("Sec Customer Beta Quiet", users["rep_b"])
    rec["cust_ind"] = admin.execute(
        "res.partner", "create", {"name": PERSON_CUSTOMER, "user_id": users["rep_a"]}
    )
    contacts = [
        admin.execute(
            "res.partner",
            "create",
            {"name": name, "parent_id": rec["cust_a"], "email": f"c{index}{CONTACT_DOMAIN}"},
        )
        for index, name in enumerate(CONTACT_NAMES)
    ]
    rec["contact_a"] = contacts[0]
    rec["contact_b"] = admin.execute(
        "res.partner", "create", {"name": "Chen Jiahao", "parent_id": rec["cust_b"]}
    )
    rec["cust_c2"] = admin.execute(
        "res.partner",
        "create",
        {"name": "Sec Customer C2", "is_company": True, "company_id": company_2},
        context=in_c2,
    )
    portal_partner = admin.execute("res.users", "read", [users["portal"]], ["partner_id"])
    admin.execute(
        "res.partner", "write", [portal_partner[0]["partner_id"][0]], {"parent_id": rec["cust_a"]}
    )

    rec["order_a"] = confirmed_order(admin, rec["cust_a"], product, users["rep_a"], team_a)
    rec["order_a2"] = confirmed_order(admin, rec["cust_a2"], product, users["rep_a"], team_a)
    rec["order_ind"] = confirmed_order(admin, rec["cust_ind"], product, users["rep_a"], team_a)
    rec["order_b"] = confirmed_order(admin, rec["cust_b"], product, users["rep_b"], team_b)
    rec["order_b_dnc"] = confirmed_order(admin, rec["cust_b_dnc"], product, users["rep_b"], team_b)
    rec["order_c2"] = confirmed_order(admin, rec["cust_c2"], product, admin.uid, False, company_2)
    rec["step_a"] = _first_step(admin, rec["order_a"])
    rec["step_ind"] = _first_step(admin, rec["order_ind"])
    rec["step_b"] = _first_step(admin, rec["order_b"])
    rec["step_b_dnc"] = _first_step(admin, rec["order_b_dnc"])
    rec["int_a"] = admin.execute(
        "sales_followup.interaction",
        "create",
        {
            "order_id": rec["order_a"],
            "summary": SUMMARY,
            "user_id": users["rep_a"],
            "participant_contact_ids": [(6, 0, contacts)],
        },
    )
    rec["int_ind"] = admin.execute(
        "sales_followup.interaction",
        "create",
        {"order_id": rec["order_ind"], "summary": SUMMARY, "user_id": users["rep_a"]},
    )
    rec["int_b"] = admin.execute(
        "sales_followup.interaction",
        "create",
        {"order_id": rec["order_b"], "summary": SUMMARY, "user_id": users["rep_b"]},
    )
    for key, customer, user, context in (
        ("a", rec["cust_a"], users["rep_a"], {}),
        ("a2", rec["cust_a2"], users["rep_a"], {}),
        ("b", rec["cust_b"], users["rep_b"], {}),
        ("c2", rec["cust_c2"], admin.uid, in_c2),
    ):
        rec[f"plan_{key}"] = admin.execute(
            "sales_followup.care.plan",
            "create",
            {"partner_id": customer, "segment": "returning", "user_id": user},
            context=context,
        )
        rec[f"action_{key}"] = admin.execute(
            "sales_followup.care.action",
            "create",
            {
                "plan_id": rec[f"plan_{key}"],
                "name": "Quarterly care call",
                "date_planned": FUTURE,
                "user_id": user,
            },
            context=context,
        )
    rec["template_a"] = ref(admin, "sales_followup.care_template_returning")
    rec["template_c2"] = admin.execute(
        "sales_followup.care.template",
        "create",
        {
            "name": "Sec Company 2 Care",
            "segment": "returning",
            "company_id": company_2,
            "line_ids": [(0, 0, {"name": "Welcome call", "channel": "phone"})],
        },
        context=in_c2,
    )
    [rec["template_line_c2"]] = admin.execute(
        "sales_followup.care.template.line",
        "search",
        [("template_id", "=", rec["template_c2"])],
        context=in_c2,
    )
    [rec["tier_c2"]] = admin.execute(
        "sales_followup.tier",
        "search",
        [("company_id", "=", company_2), ("code", "=", "key")],
        context=in_c2,
    )
    rec["tier_strategic"] = ref(admin, "sales_followup.tier_strategic")
    activities = admin.execute(
        "mail.activity",
        "search",
        [("res_model", "=", "sale.order"), ("res_id", "=", rec["order_b"])],
        limit=1,
    )
    assert activities, "rep B's order has no reminder"
    rec["activity_b"] = activities[0]
    activities = admin.execute(
        "mail.activity",
        "search",
        [("res_model", "=", "sale.order"), ("res_id", "=", rec["order_a"])],
        limit=1,
    )
    assert activities, "rep A's order has no reminder"
    rec["activity_a"] = activities[0]
    # Rep B's promise on his interaction and his customer's complaint (made
    # after the reminders above are found: a complaint's stages have their own).
    rec["commitment_b"] = admin.execute(
        "sales_followup.commitment",
        "create",
        {
            "interaction_id": rec["int_b"],
            "name": "Send the test report.",
            "user_id": users["rep_b"],
            "date_deadline": FUTURE,
        },
    )
    rec["complaint_b"] = admin.execute(
        "sales_followup.complaint",
        "create",
        {
            "partner_id": rec["cust_b"],
            "order_id": rec["order_b"],
            "category": "service_behaviour",
            "description": "The driver was rude at the gate.",
        },
    )

    clients = {}
    for role in ROLE_GROUPS:
        for protocol, cls in (("jsonrpc", OdooRPC), ("xmlrpc", OdooXMLRPC)):
            client = cls(odoo_server.url, odoo_server.db)
            if protocol == "jsonrpc":
                assert client.login(f"e2e_sec_{role}", PASSWORD) == users[role], role
            else:
                # Same user, same password: spare the server a second
                # password hash (the slowest part of the setup); the first
                # call checks them.
                client.uid, client.password = users[role], PASSWORD
            clients[(role, protocol)] = client
    clients[("admin", "jsonrpc")] = admin
    xml_admin = OdooXMLRPC(odoo_server.url, odoo_server.db)
    assert xml_admin.login("admin", "admin")
    clients[("admin", "xmlrpc")] = xml_admin
    comodels, types = {}, {}
    for model in FOLLOWUP_MODELS + EXTENDED_MODELS:
        described = admin.execute(model, "fields_get", attributes=["type", "relation"])
        for fname, desc in described.items():
            comodels[(model, fname)] = desc.get("relation")
            types[(model, fname)] = desc["type"]
    world = World(
        url=odoo_server.url,
        db=odoo_server.db,
        admin=admin,
        users=users,
        clients=clients,
        rec=rec,
        comodels=comodels,
        types=types,
    )
    yield world
    for client in clients.values():
        client.close()
    for session, __ in world.sessions.values():
        session.close()


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------


def assert_refused(protocol, call, *args, expected=REFUSALS, **kwargs):
    """Run the call, which must be refused with one of ``expected``; return
    the error. XML-RPC reports a ValidationError as a UserError."""
    names = set(expected)
    if protocol == "xmlrpc" and VALIDATION in names:
        names.add(USER_ERROR)
    with pytest.raises(OdooRPCError) as error:
        call(*args, **kwargs)
    assert error.value.name in names, f"refused with {error.value.name}, not {sorted(names)}"
    return error.value


def new_step(world, order_key, user_role):
    """A custom open step on an order (made by the administrator)."""
    return world.admin.execute(
        "sales_followup.step",
        "create",
        {
            "order_id": world.rec[order_key],
            "kind": "custom",
            "topic": "Confirm the drawings.",
            "date_due": FUTURE,
            "user_id": world.users[user_role],
        },
    )


def new_customer(world, role="rep_a"):
    """A new customer of ``role``'s, without care plan (a customer has one
    active care plan)."""
    return world.admin.execute(
        "res.partner",
        "create",
        {"name": f"Sec Customer of {role}", "is_company": True, "user_id": world.users[role]},
    )


def new_own(world, model, variant=None):
    """A fresh record of ``model`` owned by rep A (made by the administrator),
    so that a failed refusal leaves no trace on the next test."""
    rec, rep_a = world.rec, world.users["rep_a"]
    if model == "sales_followup.interaction":
        values = {"summary": SUMMARY, "user_id": rep_a}
        if variant == "no_order":
            values["partner_id"] = rec["cust_a"]
        else:
            values["order_id"] = rec["order_a"]
        return world.admin.execute(model, "create", values)
    if model == "sales_followup.step":
        return new_step(world, "order_a", "rep_a")
    if model == "sales_followup.care.plan":
        return world.admin.execute(
            model,
            "create",
            {"partner_id": new_customer(world), "segment": "returning", "user_id": rep_a},
        )
    if model == "sales_followup.care.action":
        # On a plan of its own too: its customer and company are the plan's.
        return world.admin.execute(
            model,
            "create",
            {
                "plan_id": new_own(world, "sales_followup.care.plan"),
                "name": "Bring the catalogue",
                "date_planned": FUTURE,
                "user_id": rep_a,
            },
        )
    if model == "sale.order":
        return rec["order_a2"]
    raise AssertionError(f"no own record of {model}: add one to new_own()")


# Interactions whose customer is re-pointed are made without an order, so
# that the refusal cannot come from "the order is for another customer".
OWN_VARIANT = {("sales_followup.interaction", "partner_id"): "no_order"}


def foreign_target(world, model, fname, comodel):
    """A record of ``comodel`` that rep A may not write (rep B's, the other
    company's, or configuration), for ``model.fname`` to point to."""
    rec = world.rec
    if (model, fname) in REPOINT_ALLOWED or comodel in (
        "sales_followup.care.template",
        "sales_followup.care.template.line",
    ):
        return {
            "sales_followup.care.template": rec["template_c2"],
            "sales_followup.care.template.line": rec["template_line_c2"],
        }[comodel]
    if (model, fname) == ("sales_followup.interaction", "participant_contact_ids"):
        return rec["contact_b"]
    if (model, fname) == ("sales_followup.care.plan", "partner_id"):
        # A customer has one active plan: a new customer of B's, without one.
        return new_customer(world, "rep_b")
    targets = {
        "res.partner": rec["cust_b"],
        "sale.order": rec["order_b"],
        "sales_followup.step": None,  # a fresh one: see below
        "sales_followup.interaction": rec["int_b"],
        "sales_followup.care.plan": rec["plan_b"],
        "sales_followup.care.action": rec["action_b"],
        "res.company": rec["company_2"],
        "sales_followup.tier": rec["tier_strategic"],
        "mail.activity": rec["activity_b"],
        "sales_followup.commitment": rec["commitment_b"],
        "sales_followup.complaint": rec["complaint_b"],
    }
    assert comodel in targets, f"no target for {comodel}: add one to foreign_target()"
    if comodel == "sales_followup.step":
        return new_step(world, "order_b", "rep_b")
    return targets[comodel]


def consistent_values(world, model, fname, target):
    """The other links an intruder writes along, so that the refusal cannot
    come from a consistency check (an order of another customer) that the
    intruder would satisfy by writing them too."""
    if model != "sales_followup.interaction" or fname not in ("order_id", "step_id"):
        return {}
    if fname == "step_id":
        order_id = world.read1("sales_followup.step", target, ["order_id"])["order_id"][0]
    else:
        order_id = target
    [order] = world.admin.execute("sale.order", "read", [order_id], ["partner_id"])
    customer = world.read1("res.partner", order["partner_id"][0], ["commercial_partner_id"])
    return {"order_id": order_id, "partner_id": customer["commercial_partner_id"][0]}


def snapshot(world, comodel, target):
    """What must not change on the target: its row (write_date), and for a
    customer or an order, its follow-up steps."""
    state = {"row": world.read1(comodel, target, ["write_date"])}
    order_ids = []
    if comodel == "sale.order":
        order_ids = [target]
    elif comodel == "res.partner":
        state["row"] = world.read1(
            comodel, target, ["write_date", "followup_do_not_contact", "followup_segment"]
        )
        order_ids = world.admin.execute(
            "sale.order", "search", [("partner_id", "child_of", target)]
        )
    elif comodel == "sales_followup.step":
        state["row"] = world.read1(
            comodel, target, ["write_date", "state", "interaction_id", "activity_ids"]
        )
    elif comodel == "sales_followup.care.plan":
        state["row"] = world.read1(comodel, target, ["write_date", "action_ids"])
    if order_ids:
        state["steps"] = world.admin.execute(
            "sales_followup.step",
            "search_read",
            [("order_id", "in", order_ids)],
            ["state", "interaction_id", "write_date"],
        )
        state["care"] = world.admin.execute(
            "sales_followup.care.action",
            "search_read",
            [("partner_id", "in", [target] if comodel == "res.partner" else [])],
            ["state", "write_date"],
        )
    return state


def m2x_value(world, model, fname, record_id):
    return [(6, 0, [record_id])] if world.types[(model, fname)] == "many2many" else record_id


def activity_count(world, user_id):
    return world.admin.execute(
        "mail.activity", "search_count", [("user_id", "=", user_id)], context={"active_test": False}
    )


# ----------------------------------------------------------------------
# The tables themselves, against the server
# ----------------------------------------------------------------------


def test_tables_match_server(world):
    """Every link and user field the server lists on the add-on's models (and
    the add-on's followup_* ones of sale.order and res.partner) is in the
    tables, which the tests below are generated from."""
    listed = set()
    for model in FOLLOWUP_MODELS + EXTENDED_MODELS:
        described = world.admin.execute(model, "fields_get", attributes=["type", "relation"])
        for fname, desc in described.items():
            if desc["type"] not in ("many2one", "many2many"):
                continue
            if model in EXTENDED_MODELS and not fname.startswith("followup_"):
                continue
            if fname in ODOO_FIELDS:
                continue
            listed.add((model, fname))
    assert listed == set(LINKS), (
        f"missing from the tables: {sorted(listed - set(LINKS))}; "
        f"not on the server: {sorted(set(LINKS) - listed)}"
    )
    assert len(USER_FIELDS) >= 7
    assert len(RECORD_LINKS) >= 15
    assert len(COMPANY_USER_FIELDS) >= 3
    # The comodels the source leaves to the server (related fields): none
    # may be a user field, which the tables would take for a record link.
    for key, comodel in LINKS.items():
        assert comodel in (None, world.comodels[key]), key
        assert comodel or world.comodels[key] != "res.users", key


# ----------------------------------------------------------------------
# 1. Re-pointing one's own record to another's
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "fname", "protocol"),
    params((model, fname, protocol) for model, fname in RECORD_LINKS for protocol in PROTOCOLS),
)
def test_repoint_refused(world, model, fname, protocol):
    """Rep A points a link of his own record to a record he may not write:
    refused, his record unchanged, nothing of the target changed."""
    comodel = world.comodels[(model, fname)]
    own = new_own(world, model, OWN_VARIANT.get((model, fname)))
    target = foreign_target(world, model, fname, comodel)
    before = world.read1(model, own, [fname])
    target_before = snapshot(world, comodel, target)
    value = {fname: m2x_value(world, model, fname, target)}
    along = consistent_values(world, model, fname, target)
    # The link alone, then with what makes it consistent: both refused.
    for values in (value, {**along, **value}) if along else (value,):
        assert_refused(
            protocol, world.client("rep_a", protocol).execute, model, "write", [own], values
        )
        assert world.read1(model, own, [fname]) == before
        assert snapshot(world, comodel, target) == target_before


POSITIVE_REPOINTS = {
    # (model, field): (own variant, target key in world.rec or a factory)
    ("sales_followup.interaction", "partner_id"): ("no_order", "cust_a2"),
    ("sales_followup.interaction", "order_id"): (None, "order_a2"),
    ("sales_followup.interaction", "step_id"): (None, "new_own_step"),
    ("sales_followup.interaction", "participant_contact_ids"): (None, "contact_a"),
    ("sales_followup.care.plan", "template_id"): (None, "template_a"),
}
# Given at creation and fixed after it, even towards the rep's own records
# (README, "What a user may write"): (own variant, target key in world.rec).
FIXED_LINKS = {
    ("sales_followup.step", "order_id"): (None, "order_a2"),
    ("sales_followup.care.action", "plan_id"): (None, "plan_a2"),
    ("sales_followup.care.plan", "partner_id"): (None, "cust_a2"),
}


@pytest.mark.parametrize(
    ("model", "fname", "protocol"),
    params(
        (model, fname, protocol) for model, fname in POSITIVE_REPOINTS for protocol in PROTOCOLS
    ),
)
def test_repoint_positive_control(world, model, fname, protocol):
    """Rep A points his record to his own other record: accepted."""
    variant, key = POSITIVE_REPOINTS[(model, fname)]
    own = new_own(world, model, variant)
    target = new_step(world, "order_a", "rep_a") if key == "new_own_step" else world.rec[key]
    value = m2x_value(world, model, fname, target)
    assert world.client("rep_a", protocol).execute(model, "write", [own], {fname: value})
    after = world.read1(model, own, [fname])[fname]
    assert target in (after if isinstance(after, list) and fname.endswith("_ids") else [after[0]])


@pytest.mark.parametrize(
    ("model", "fname", "protocol"),
    params((model, fname, protocol) for model, fname in FIXED_LINKS for protocol in PROTOCOLS),
)
def test_fixed_link_refused_even_to_own(world, model, fname, protocol):
    """A step's order, a care action's plan, a care plan's customer: fixed."""
    variant, key = FIXED_LINKS[(model, fname)]
    own = new_own(world, model, variant)
    before = world.read1(model, own, [fname])[fname]
    value = m2x_value(world, model, fname, world.rec[key])
    assert_refused(
        protocol, world.client("rep_a", protocol).execute, model, "write", [own], {fname: value}
    )
    assert world.read1(model, own, [fname])[fname] == before


@pytest.mark.parametrize(
    ("role", "protocol"),
    params((role, protocol) for role in ("rep_a", "leader_a") for protocol in PROTOCOLS),
)
def test_repoint_do_not_contact_on_other_reps_customer(world, role, protocol):
    """The issue's first example: an interaction on nobody's customer,
    re-pointed to rep B's customer together with "do not contact"."""
    client = world.client(role, protocol)
    rec = world.rec
    own = client.execute(
        "sales_followup.interaction",
        "create",
        {"partner_id": rec["cust_free"], "summary": SUMMARY},
    )
    before = snapshot(world, "res.partner", rec["cust_b_dnc"])
    assert not before["row"]["followup_do_not_contact"]
    assert_refused(
        protocol,
        client.execute,
        "sales_followup.interaction",
        "write",
        [own],
        {
            "partner_id": rec["cust_b_dnc"],
            "do_not_contact": True,
            "do_not_contact_reason": "Enough suppliers for now.",
        },
    )
    after = snapshot(world, "res.partner", rec["cust_b_dnc"])
    assert not after["row"]["followup_do_not_contact"]
    assert after == before
    # Positive control: the same on his own interaction's customer (nobody's).
    assert client.execute(
        "sales_followup.interaction",
        "write",
        [own],
        {"do_not_contact": True, "do_not_contact_reason": "Enough suppliers for now."},
    )
    assert world.read1("res.partner", rec["cust_free"], ["followup_do_not_contact"])[
        "followup_do_not_contact"
    ]
    world.admin.execute(
        "res.partner",
        "write",
        [rec["cust_free"]],
        {"followup_do_not_contact": False, "followup_do_not_contact_reason": False},
    )


@pytest.mark.parametrize(
    ("role", "variant", "protocol"),
    params(
        (role, variant, protocol)
        for role in ("rep_a", "leader_a")
        for variant in ("step_only", "with_its_order")
        for protocol in PROTOCOLS
    ),
)
def test_repoint_step_of_other_rep(world, role, variant, protocol):
    """The issue's second example: step_id of an interaction re-pointed to
    rep B's open plan step (alone, or with the step's order and customer, as
    an intruder would to pass the consistency check); it stays open, its
    reminder too."""
    rec = world.rec
    own = new_own(world, "sales_followup.interaction")
    values = {"step_id": rec["step_b"]}
    if variant == "with_its_order":
        values.update(
            consistent_values(world, "sales_followup.interaction", "step_id", rec["step_b"])
        )
    before = snapshot(world, "sales_followup.step", rec["step_b"])
    assert before["row"]["state"] in ("planned", "overdue")
    assert before["row"]["activity_ids"]
    assert_refused(
        protocol,
        world.client(role, protocol).execute,
        "sales_followup.interaction",
        "write",
        [own],
        values,
    )
    assert snapshot(world, "sales_followup.step", rec["step_b"]) == before


# ----------------------------------------------------------------------
# 2. Outsiders in user fields
# ----------------------------------------------------------------------

# What else a user field needs to be kept (the next action's user is only
# kept with a next action).
USER_FIELD_EXTRA = {
    ("sales_followup.interaction", "next_action_user_id"): {
        "next_action": "Send the revised drawings",
        "next_action_date": FUTURE,
    },
}


def create_values(world, model):
    rec, rep_a = world.rec, world.users["rep_a"]
    return {
        "sales_followup.interaction": {"partner_id": rec["cust_a"], "summary": SUMMARY},
        "sales_followup.step": {
            "order_id": rec["order_a"],
            "kind": "custom",
            "topic": "Confirm the drawings.",
            "date_due": FUTURE,
            "user_id": rep_a,
        },
        "sales_followup.care.plan": {
            "partner_id": new_customer(world),
            "segment": "returning",
            "user_id": rep_a,
        },
        "sales_followup.care.action": {
            "plan_id": rec["plan_a"],
            "name": "Bring the catalogue",
            "date_planned": FUTURE,
            "user_id": rep_a,
        },
    }[model]


def _assign(world, client, model, fname, operation, user_id):
    values = {
        **USER_FIELD_EXTRA.get((model, fname), {}),
        fname: m2x_value(world, model, fname, user_id),
    }
    if operation == "create":
        return client.execute(model, "create", {**create_values(world, model), **values})
    own = new_own(world, model)
    client.execute(model, "write", [own], values)
    return own


@pytest.mark.parametrize(
    ("model", "fname", "outsider", "operation", "protocol"),
    params(
        (model, fname, outsider, operation, protocol)
        for model, fname in USER_FIELDS
        for outsider in OUTSIDERS
        for operation in ("create", "write")
        for protocol in PROTOCOLS
    ),
)
def test_outsider_assignment_refused(world, model, fname, outsider, operation, protocol):
    """Rep A assigns an outsider on his own record: a ValidationError (an
    AccessError for bookkeeping fields, refused to reps anyway), and no
    activity for the outsider."""
    user_id = world.users[outsider]
    activities = activity_count(world, user_id)
    expected = (VALIDATION, ACCESS) if (model, fname) in BOOKKEEPING_FIELDS else (VALIDATION,)
    assert_refused(
        protocol,
        _assign,
        world,
        world.client("rep_a", protocol),
        model,
        fname,
        operation,
        user_id,
        expected=expected,
    )
    assert activity_count(world, user_id) == activities


@pytest.mark.parametrize(
    ("model", "fname", "operation", "protocol"),
    params(
        (model, fname, operation, protocol)
        for model, fname in USER_FIELDS
        if (model, fname) not in BOOKKEEPING_FIELDS
        for operation in ("create", "write")
        for protocol in PROTOCOLS
    ),
)
def test_outsider_positive_control(world, model, fname, operation, protocol):
    """Rep A assigns his colleague of the same company: accepted."""
    colleague = world.users["rep_a2"]
    record_id = _assign(world, world.client("rep_a", protocol), model, fname, operation, colleague)
    value = world.read1(model, record_id, [fname])[fname]
    assert colleague in (value if fname.endswith("_ids") else [value[0]])
    if fname == "next_action_user_id":
        [interaction] = world.admin.execute(model, "read", [record_id], ["next_action_activity_id"])
        [activity] = world.admin.execute(
            "mail.activity", "read", [interaction["next_action_activity_id"][0]], ["user_id"]
        )
        assert activity["user_id"][0] == colleague


@pytest.mark.parametrize(
    ("fname", "outsider", "protocol"),
    params(
        (fname, outsider, protocol)
        for fname in COMPANY_USER_FIELDS
        for outsider in OUTSIDERS
        for protocol in PROTOCOLS
    ),
)
def test_outsider_company_settings_refused(world, fname, outsider, protocol):
    """The company's follow-up manager, after-sales contact, director,
    complaint approver, severity routing...: the administrator cannot name an
    outsider either."""
    company = world.rec["company_1"]
    # The complaint approver must hold the approver role too (a check of its
    # own): the other company's user and the insider hold it, so that the
    # refusal tested is the company's.
    roles = APPROVER_ROLES if fname == "followup_complaint_approver_id" else {}
    before = world.read1("res.company", company, [fname])
    assert_refused(
        protocol,
        world.client("admin", protocol).execute,
        "res.company",
        "write",
        [company],
        {fname: world.users[roles.get(outsider, outsider)]},
        expected=(VALIDATION,),
    )
    assert world.read1("res.company", company, [fname]) == before
    # Positive control: an internal user of the company.
    client = world.client("admin", protocol)
    insider = world.users[roles.get("manager", "manager")]
    assert client.execute("res.company", "write", [company], {fname: insider})
    client.execute("res.company", "write", [company], {fname: before[fname] and before[fname][0]})


# ----------------------------------------------------------------------
# 3. onchange
# ----------------------------------------------------------------------

ONCHANGE_SPEC = {
    "sales_followup.step": {
        "order_id": {"fields": {"display_name": {}}},
        "partner_id": {"fields": {"display_name": {}}},
        "company_id": {"fields": {"display_name": {}}},
        "tier_id": {"fields": {"display_name": {}}},
        "risk_warning": {},
    },
    "sales_followup.interaction": {
        "order_id": {"fields": {"display_name": {}}},
        "partner_id": {"fields": {"display_name": {}}},
        "company_id": {"fields": {"display_name": {}}},
        "participant_contact_ids": {"fields": {"display_name": {}}},
    },
}


# Roles with no access line on the follow-up models: their onchange is refused.
NO_MODEL_ACCESS = ("portal", "employee")


def _onchange(client, model, order_id):
    return client.execute(
        model, "onchange", [], {"order_id": order_id}, ["order_id"], ONCHANGE_SPEC[model]
    )


@pytest.mark.parametrize(
    ("model", "role", "order", "protocol"),
    params(
        (model, role, order, protocol)
        for model in ONCHANGE_SPEC
        for role, order in (
            ("rep_a", "order_b"),
            ("portal", "order_a"),
            ("employee", "order_b"),
            ("user_c2", "order_a"),
        )
        for protocol in PROTOCOLS
    ),
)
def test_onchange_other_order_refused(world, model, role, order, protocol):
    """``onchange`` with an order the caller may not read: AccessError (always
    for those who may not use the model), or nothing of the order (customer,
    its name, tier) in the values."""
    order_id = world.rec[order]
    [data] = world.admin.execute(
        "sale.order", "read", [order_id], ["partner_id", "followup_tier_id"]
    )
    client = world.client(role, protocol)
    try:
        result = _onchange(client, model, order_id)
    except OdooRPCError as error:
        assert error.name == ACCESS, str(error)
        return
    assert role not in NO_MODEL_ACCESS, f"{role} may not use {model}: AccessError expected"
    values = result.get("value", {})
    dumped = json.dumps(values, ensure_ascii=False)
    partner = values.get("partner_id")
    assert not partner or partner.get("id") != data["partner_id"][0], values
    assert data["partner_id"][1] not in dumped
    assert not values.get("tier_id"), values


@pytest.mark.parametrize(
    ("model", "protocol"),
    params((model, protocol) for model in ONCHANGE_SPEC for protocol in PROTOCOLS),
)
def test_onchange_positive_control(world, model, protocol):
    """Rep A's onchange with his own order fills in his customer."""
    values = _onchange(world.client("rep_a", protocol), model, world.rec["order_a"])["value"]
    assert values["partner_id"]["id"] == world.rec["cust_a"]
    if model == "sales_followup.step":
        assert values["tier_id"]


# ----------------------------------------------------------------------
# 4. Export
# ----------------------------------------------------------------------

EXPORT_FIELDS = {
    "sales_followup.interaction": ["partner_id", "participant_contact_ids", "order_id"],
    "sales_followup.step": ["partner_id", "order_id"],
    "sales_followup.care.plan": ["partner_id", "display_name"],
    "sales_followup.care.action": ["partner_id", "plan_id"],
}
EXPORT_RECORDS = {
    "sales_followup.interaction": ("int_a", "int_ind"),
    "sales_followup.step": ("step_a", "step_ind"),
    "sales_followup.care.plan": ("plan_a",),
    "sales_followup.care.action": ("action_a",),
}
NO_EXPORT_ROLES = ("rep_a", "employee", "portal")


def _export_ids(world, model):
    return [world.rec[key] for key in EXPORT_RECORDS[model]]


def _http_export(world, role, model, fmt="csv", groupby=None):
    """``/web/export/<fmt>`` as ``role`` in a browser session, grouped by
    ``groupby`` (the list view's export of a grouped list): (status, text),
    an xlsx answer read back as its cells' text."""
    if role not in world.sessions:
        login, password = ("admin", "admin") if role == "admin" else (f"e2e_sec_{role}", PASSWORD)
        session = http_session(world.url, world.db, login, password)
        # The login page, which a logged-in user may open too, carries the token.
        page = session.get(f"{world.url}/web/login", timeout=60)
        token = re.search(r'csrf_token: "([^"]+)"', page.text)
        assert token, f"no CSRF token on {page.url} ({page.status_code}): {page.text[:300]}"
        world.sessions[role] = (session, token.group(1))
    session, token = world.sessions[role]
    data = {
        "model": model,
        "fields": [
            {"name": fname, "label": fname, "type": world.types[(model, fname)]}
            for fname in EXPORT_FIELDS[model]
        ],
        "ids": _export_ids(world, model),
        "domain": [],
        "import_compat": False,
    }
    if groupby:
        data["groupby"] = groupby
    response = session.post(
        f"{world.url}/web/export/{fmt}",
        data={"data": json.dumps(data), "csrf_token": token},
        timeout=60,
    )
    if fmt == "xlsx" and response.content.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return response.status_code, "\n".join(cells)
    return response.status_code, response.content.decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize(
    ("model", "role", "protocol"),
    params(
        (model, role, protocol)
        for model in EXPORT_FIELDS
        for role in NO_EXPORT_ROLES
        for protocol in PROTOCOLS
    ),
)
def test_export_data_refused(world, model, role, protocol):
    assert_refused(
        protocol,
        world.client(role, protocol).execute,
        model,
        "export_data",
        _export_ids(world, model),
        EXPORT_FIELDS[model],
        expected=(ACCESS,),
    )


HTTP_FORMATS = ("csv", "xlsx")


@pytest.mark.parametrize(
    ("model", "role", "fmt"),
    params(
        (model, role, fmt)
        for model in EXPORT_FIELDS
        for role in NO_EXPORT_ROLES
        for fmt in HTTP_FORMATS
    ),
)
def test_export_http_refused(world, model, role, fmt):
    status, body = _http_export(world, role, model, fmt)
    assert status != 200, body[:300]
    assert "AccessError" in body or status in (403, 404), body[:300]
    for word in SECRET_WORDS + (CUSTOMER_A,):
        assert word not in body


def _assert_masked_export(world, text):
    code = world.read1("res.partner", world.rec["cust_a"], ["followup_customer_code"])[
        "followup_customer_code"
    ]
    assert code and code in text, text
    for word in SECRET_WORDS + (CUSTOMER_A, PERSON_CUSTOMER):
        assert word not in text, f"{word!r} exported by a manager:\n{text}"


@pytest.mark.parametrize(
    ("model", "protocol"),
    params((model, protocol) for model in EXPORT_FIELDS for protocol in PROTOCOLS),
)
def test_export_data_manager_masked(world, model, protocol):
    """A manager without the personal-data role: customers by code, contacts masked."""
    rows = world.client("manager", protocol).execute(
        model, "export_data", _export_ids(world, model), EXPORT_FIELDS[model]
    )["datas"]
    _assert_masked_export(world, json.dumps(rows, ensure_ascii=False))


@pytest.mark.parametrize(
    ("model", "fmt", "grouped"),
    params(
        (model, fmt, grouped)
        for model in EXPORT_FIELDS
        for fmt, grouped in (("csv", "flat"), ("xlsx", "flat"), ("xlsx", "by_customer"))
    ),
)
def test_export_http_manager_masked(world, model, fmt, grouped):
    """The list view's export (flat, and grouped by customer, in xlsx only:
    the group headers name the customers) by a manager without the
    personal-data role."""
    groupby = ["partner_id"] if grouped == "by_customer" else None
    status, body = _http_export(world, "manager", model, fmt, groupby)
    assert status == 200, body[:300]
    _assert_masked_export(world, body)


SUBFIELDS = [
    "partner_id/name",
    "participant_contact_ids/name",
    "participant_contact_ids/email",
    "participant_contact_ids/display_name",
]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_export_subfields_manager(world, protocol):
    """A manager exporting the contacts' own fields (name, e-mail) through
    the interaction: refused, or masked (no name, no e-mail address)."""
    model = "sales_followup.interaction"
    try:
        rows = world.client("manager", protocol).execute(
            model, "export_data", _export_ids(world, model), SUBFIELDS
        )["datas"]
    except OdooRPCError as error:
        assert error.name in (ACCESS, USER_ERROR), str(error)
        return
    text = json.dumps(rows, ensure_ascii=False)
    for word in (*SECRET_WORDS, CUSTOMER_A, CONTACT_DOMAIN):
        assert word not in text, f"{word!r} exported by a manager:\n{text}"
    # Positive control: the officer's export holds them.
    text = json.dumps(
        world.client("admin", protocol).execute(
            model, "export_data", _export_ids(world, model), SUBFIELDS
        )["datas"],
        ensure_ascii=False,
    )
    assert "Weiqiang" in text and CONTACT_DOMAIN in text, text


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_export_positive_control(world, protocol):
    """The administrator (a personal data officer in the demo data) exports
    the names: the masked exports above do hold these contacts."""
    model = "sales_followup.interaction"
    rows = world.client("admin", protocol).execute(
        model, "export_data", _export_ids(world, model), EXPORT_FIELDS[model]
    )["datas"]
    text = json.dumps(rows, ensure_ascii=False)
    assert CUSTOMER_A in text and "Zhang Weiqiang" in text and PERSON_CUSTOMER in text
    for fmt, groupby in (("csv", None), ("xlsx", ["partner_id"])):
        status, body = _http_export(world, "admin", model, fmt, groupby)
        assert status == 200 and "Zhang Weiqiang" in body and PERSON_CUSTOMER in body, body


# ----------------------------------------------------------------------
# 5. Status and bookkeeping fields
# ----------------------------------------------------------------------


def bookkeeping_value(world, value):
    if value == "own_step":
        return new_step(world, "order_a", "rep_a")
    if value == "own_interaction":
        return new_own(world, "sales_followup.interaction")
    if value == "own_activity":
        return world.rec["activity_a"]
    if value == "colleague":
        return world.users["rep_a2"]
    return value


@pytest.mark.parametrize(
    ("model", "fname", "value", "role", "protocol"),
    params(
        (model, fname, value, role, protocol)
        for model, fname, value, roles in BOOKKEEPING
        for role in roles
        for protocol in PROTOCOLS
    ),
)
def test_bookkeeping_write_refused(world, model, fname, value, role, protocol):
    own = new_own(world, model)
    before = world.read1(model, own, [fname])
    assert_refused(
        protocol,
        world.client(role, protocol).execute,
        model,
        "write",
        [own],
        {fname: bookkeeping_value(world, value)},
    )
    assert world.read1(model, own, [fname]) == before


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_bookkeeping_positive_control(world, protocol):
    """What reps and managers do write: a step's topic, an interaction's
    summary, a care action's remarks; a manager moves a step's due date."""
    for model, values, role in (
        ("sales_followup.step", {"topic": "Bring the samples."}, "rep_a"),
        ("sales_followup.interaction", {"customer_feedback": "Happy with lead time."}, "rep_a"),
        ("sales_followup.care.action", {"remarks": "Bring the new catalogue."}, "rep_a"),
        ("sales_followup.step", {"date_due": "2027-04-01"}, "manager"),
    ):
        own = new_own(world, model)
        assert world.client(role, protocol).execute(model, "write", [own], values)
        assert world.read1(model, own, list(values)) | {"id": own} == {"id": own, **values}


# ----------------------------------------------------------------------
# 6. Masking on every read path
# ----------------------------------------------------------------------

MASK_CONTEXT = {"followup_mask_names": True}
MASKED_FIELDS = {
    ("sales_followup.interaction", "partner_id"): ("int_a", "int_ind"),
    ("sales_followup.interaction", "participant_contact_ids"): ("int_a",),
    ("sales_followup.step", "partner_id"): ("step_a", "step_ind"),
}
READ_PATHS = ("read", "search_read", "web_read", "web_search_read", "read_group", "web_read_group")


def _paths(fname):
    # read and search_read give a many2many's ids only: nothing to mask.
    if fname.endswith("_ids"):
        return READ_PATHS[2:]
    return READ_PATHS


def _read_path(client, path, model, fname, ids, context):
    kwargs = {"context": context} if context else {}
    domain = [("id", "in", ids)]
    spec = {fname: {"fields": {"display_name": {}}}}
    if path == "read":
        return client.execute(model, "read", ids, [fname], **kwargs)
    if path == "search_read":
        return client.execute(model, "search_read", domain, [fname], **kwargs)
    if path == "web_read":
        return client.execute(model, "web_read", ids, spec, **kwargs)
    if path == "web_search_read":
        return client.execute(model, "web_search_read", domain, spec, **kwargs)
    if path == "read_group":
        return client.execute(model, "read_group", domain, [fname], [fname], lazy=False, **kwargs)
    return client.execute(model, "web_read_group", domain, [fname], [fname], **kwargs)


@pytest.mark.parametrize(
    ("model", "fname", "path", "role", "masking", "protocol"),
    params(
        (model, fname, path, role, masking, protocol)
        for model, fname in MASKED_FIELDS
        for path in _paths(fname)
        for role in ("rep_a", "manager")
        for masking in ("ctx", "noctx")
        for protocol in PROTOCOLS
    ),
)
def test_masking_read_paths(world, model, fname, path, role, masking, protocol):
    ids = [world.rec[key] for key in MASKED_FIELDS[(model, fname)]]
    result = _read_path(
        world.client(role, protocol),
        path,
        model,
        fname,
        ids,
        MASK_CONTEXT if masking == "ctx" else None,
    )
    text = json.dumps(result, ensure_ascii=False)
    for word in SECRET_WORDS:
        assert word not in text, f"{word!r} unmasked by {path}: {text}"
    assert "Zhang*" in text or "Wang*" in text, f"nothing read: {text}"


@pytest.mark.parametrize(
    ("model", "fname", "path", "protocol"),
    params(
        (model, fname, path, protocol)
        for model, fname in MASKED_FIELDS
        for path in _paths(fname)
        for protocol in PROTOCOLS
    ),
)
def test_masking_positive_control(world, model, fname, path, protocol):
    """The administrator, a personal data officer, reads the names by the
    same path: the records do carry these people."""
    ids = [world.rec[key] for key in MASKED_FIELDS[(model, fname)]]
    text = json.dumps(
        _read_path(world.client("admin", protocol), path, model, fname, ids, None),
        ensure_ascii=False,
    )
    assert any(word in text for word in SECRET_WORDS), text


# ----------------------------------------------------------------------
# 7. Customers' figures
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fname", "protocol"),
    params((fname, protocol) for fname in FIGURE_FIELDS for protocol in PROTOCOLS),
)
def test_figures_refused_to_employee(world, fname, protocol):
    client = world.client("employee", protocol)
    assert client.execute("res.partner", "read", [world.rec["cust_a"]], ["name"])
    assert_refused(
        protocol,
        client.execute,
        "res.partner",
        "read",
        [world.rec["cust_a"]],
        [fname],
        expected=(ACCESS,),
    )


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_figures_read_group_refused_to_employee(world, protocol):
    assert_refused(
        protocol,
        world.client("employee", protocol).execute,
        "res.partner",
        "read_group",
        [("customer_rank", ">", 0)],
        ["followup_revenue_12m:sum"],
        ["followup_segment"],
        expected=(ACCESS,),
    )


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_figures_positive_control(world, protocol):
    """Rep A reads his customer's figures, and sums revenue by segment."""
    client = world.client("rep_a", protocol)
    [values] = client.execute("res.partner", "read", [world.rec["cust_a"]], list(FIGURE_FIELDS))
    assert values["followup_customer_code"]
    assert client.execute(
        "res.partner",
        "read_group",
        [("id", "=", world.rec["cust_a"])],
        ["followup_revenue_12m:sum"],
        ["followup_segment"],
    )
