from . import models

# Seeded records that leads, orders and activities may use.
KEPT_WHEN_USED = ("utm.source", "crm.lost.reason", "mail.activity.type")


def uninstall_hook(env):
    """Leads' steps lose their lead with the add-on: delete them, and their
    reminders, rather than leave steps of nothing behind. The seeded records
    still in use stay, as the company's own."""
    steps = env["sales_followup.step"].sudo().search([("lead_id", "!=", False)])
    steps._followup_remove_reminders()
    steps.unlink()
    _keep_used_seeded_records(env)


def _keep_used_seeded_records(env):
    """Detach the seeded sources, lost reasons and activity types that
    records (other than the add-on's demo) use from the add-on: deleting
    them would empty the leads' source, or be refused (lost reasons,
    activity types)."""
    own = env["ir.model.data"].search([("module", "=", "sales_followup_crm")])
    own_ids = {model: data.mapped("res_id") for model, data in own.grouped("model").items()}
    seeded = own.filtered(lambda data: data.model in KEPT_WHEN_USED)
    used = set()
    for model_name, data in seeded.grouped("model").items():
        links = env["ir.model.fields"].search(
            [("relation", "=", model_name), ("ttype", "=", "many2one"), ("store", "=", True)]
        )
        for link in links:
            model = env.get(link.model)
            if model is None or model._abstract or model._transient:
                continue
            domain = [(link.name, "in", data.mapped("res_id"))]
            if own_ids.get(link.model):
                domain.append(("id", "not in", own_ids[link.model]))
            groups = model.sudo().with_context(active_test=False)._read_group(domain, [link.name])
            used.update((model_name, record.id) for (record,) in groups)
    seeded.filtered(lambda data: (data.model, data.res_id) in used).unlink()
