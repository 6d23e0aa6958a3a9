"""Over JSON-RPC, a portal user and an internal user without sales rights are
refused every public method of the add-on's models, and every public method
the add-on adds to Odoo's models.

The methods are read from the add-on's source (every ``def`` not starting
with an underscore, in every class of ``sales_followup/models/``), plus the
ORM's public methods on the add-on's own models, so that a method added
later is covered without editing this test.
"""

import ast
from pathlib import Path

import pytest

from odoo_rpc import OdooRPC, OdooRPCError

MODELS = Path(__file__).resolve().parent.parent / "sales_followup" / "models"
ORM_METHODS = {
    "read": lambda ids: [ids, ["display_name"]],
    "write": lambda ids: [ids, {"display_name": "x"}],
    "unlink": lambda ids: [ids],
    "copy": lambda ids: [ids[0]],
    "create": lambda ids: [{}],
    "search": lambda ids: [[]],
    "search_read": lambda ids: [[], ["display_name"]],
    "search_count": lambda ids: [[]],
    "read_group": lambda ids: [[], ["id:count"], []],
    "web_search_read": lambda ids: [[], {"display_name": {}}],
    "web_read": lambda ids: [ids, {"display_name": {}}],
    "name_search": lambda ids: [""],
}


def class_names(cls):
    """``{"_name": ..., "_inherit": ...}`` as written in a model class."""
    names = {}
    for item in cls.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1:
            target = getattr(item.targets[0], "id", None)
            if target in ("_name", "_inherit"):
                names[target] = ast.literal_eval(item.value)
    return names


def own_models():
    """The models the add-on defines (``_name`` in sales_followup/models/, not
    one of Odoo's extended with a mixin, ``_name`` also in ``_inherit``);
    abstract ones (mixins) have no records to act on, and their methods are
    tested through the models that inherit them."""
    names = []
    for path in sorted(MODELS.glob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef) or not any(
                getattr(base, "attr", None) == "Model" for base in cls.bases
            ):
                continue
            found = class_names(cls)
            if "_name" in found and found["_name"] not in found.get("_inherit", ()):
                names.append(found["_name"])
    return tuple(names)


OWN_MODELS = own_models()


def module_methods():
    """``{model: {public method names}}`` defined in sales_followup/models/."""
    methods = {}
    for path in sorted(MODELS.glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.ClassDef):
                continue
            names = class_names(node)
            model = names.get("_name") or names.get("_inherit")
            if not isinstance(model, str):
                continue
            extends = model in (names.get("_inherit") or ())
            if "_name" in names and model not in OWN_MODELS and not extends:
                continue  # a mixin: its methods run on the models inheriting it
            public = {
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef)
                and not item.name.startswith("_")
                # Properties (SELF_READABLE_FIELDS) are not callable over RPC.
                and not any(getattr(dec, "id", None) == "property" for dec in item.decorator_list)
            }
            methods.setdefault(model, set()).update(public)
    return methods


@pytest.fixture(scope="module")
def outsiders(odoo_server):
    """A portal user and an internal user with no sales rights, and a record
    of each model concerned that neither owns."""
    admin = OdooRPC(odoo_server.url, odoo_server.db)
    assert admin.login("admin", "admin")

    def group(xmlid):
        module, name = xmlid.split(".")
        [row] = admin.execute(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        return row["res_id"]

    users = {}
    for login, xmlid in (("rpc_portal", "base.group_portal"), ("rpc_norights", "base.group_user")):
        found = admin.execute("res.users", "search", [("login", "=", login)])
        if not found:
            admin.execute(
                "res.users",
                "create",
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}-pw",
                    "groups_id": [(6, 0, [group(xmlid)])],
                },
            )
        users[login] = f"{login}-pw"
    records = {}
    for model in (*OWN_MODELS, "sale.order", "res.partner", "mail.activity", "res.users"):
        domain = [("followup_step_id", "!=", False)] if model == "mail.activity" else []
        found = admin.execute(model, "search", domain, limit=1, order="id desc")
        if not found and model == "sales_followup.monthly.report":
            # Demo data has no monthly report: generate one as a manager would.
            [company_id] = admin.execute("res.company", "search", [], limit=1)
            report_id = admin.execute(
                model, "create", {"company_id": company_id, "date_from": "2026-01-01"}
            )
            admin.execute(model, "action_generate", [report_id])
            found = [report_id]
        if not found and model == "sales_followup.cron.failure":
            # No scheduled action failed on the demo data; the outsiders have
            # no access line on the model, which refuses them whatever the id.
            found = [1]
        records[model] = found
    if not records["sales_followup.improvement"]:
        # Demo data has no improvement measure: decide one on the report.
        records["sales_followup.improvement"] = [
            admin.execute(
                "sales_followup.improvement",
                "create",
                {
                    "report_id": records["sales_followup.monthly.report"][0],
                    "name": "Call every key customer within 2 working days",
                    "user_id": admin.uid,
                    "date_deadline": "2026-02-27",
                },
            )
        ]
    admin.close()
    return users, records


@pytest.mark.parametrize("login", ["rpc_portal", "rpc_norights"])
def test_public_methods_refused(odoo_server, outsiders, login):
    users, records = outsiders
    client = OdooRPC(odoo_server.url, odoo_server.db)
    assert client.login(login, users[login])
    calls = []
    for model, methods in module_methods().items():
        if model in ("res.config.settings", "res.company", "resource.calendar"):
            # Transient settings and per-company helpers: no record to act on;
            # their public names are Odoo's own (create, write) and covered
            # by Odoo's tests.
            continue
        if model == "ir.http":
            continue  # session_info: Odoo's own, extended; an abstract model, no records
        # ORM methods are called below with proper arguments on the add-on's
        # models; on Odoo's models the add-on's overrides (write, create)
        # keep Odoo's own rights, its new methods must refuse.
        methods = methods - set(ORM_METHODS) - {"init"}
        for method in sorted(methods):
            calls.append((model, method, [records[model]]))
    for model in OWN_MODELS:
        for method, args in ORM_METHODS.items():
            calls.append((model, method, args(records[model])))
    assert {"sales_followup.care.action", "sales_followup.monthly.report"} <= set(OWN_MODELS)
    assert len(calls) > 30
    allowed = []
    for model, method, args in calls:
        assert records.get(model), f"no {model} record to call {method} on"
        try:
            client.execute(model, method, *args)
        except OdooRPCError as error:
            if error.name != "odoo.exceptions.AccessError":
                allowed.append(f"{model}.{method}: {error}")
        else:
            allowed.append(f"{model}.{method}: accepted")
    client.close()
    assert not allowed, f"{login} was not refused:\n" + "\n".join(allowed)
