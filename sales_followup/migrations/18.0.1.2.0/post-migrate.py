"""Step topics and care actions' names and descriptions are translated now
(the ORM turned their columns into JSON, the old text as English): give the
open ones that the plans wrote every language, from what the plans would
write today. Texts written or changed by hand stay as they are."""

from odoo import SUPERUSER_ID, api

from odoo.addons.sales_followup.const import CARE_OPEN_STATES, OPEN_STATES
from odoo.addons.sales_followup.tools.translations import (
    in_each_lang,
    installed_langs,
    write_translations,
)


def _is_generated(text, translations):
    return bool(text) and text in translations.values()


def _migrate_steps(env):
    Step = env["sales_followup.step"].with_context(lang="en_US")
    steps = Step.search(
        [("order_id", "!=", False), ("plan_key", "!=", False), ("state", "in", OPEN_STATES)]
    )
    by_key = {(step.order_id.id, step.plan_key): step for step in steps}
    orders = steps.order_id.filtered(lambda order: order.state == "sale")
    if not orders:
        return
    workdays = orders._followup_working_days()
    texts = orders._followup_plan_texts()
    todo, translations = [], []
    for order in orders:
        plan = order._followup_prepare_steps(workdays[order.company_id.id], texts)
        for key, values in plan.items():
            step = by_key.get((order.id, key))
            if step and _is_generated(step.topic, values["topic"]):
                todo.append(step.id)
                translations.append({"topic": values["topic"]})
    write_translations(Step.browse(todo), translations)


def _migrate_care_actions(env):
    Action = env["sales_followup.care.action"].with_context(lang="en_US", tracking_disable=True)
    actions = Action.search([("state", "in", CARE_OPEN_STATES)])
    langs = installed_langs(env)
    routine = in_each_lang(env, lambda lang_env: lang_env._("Routine care"), langs)
    todo, translations = [], []
    for action in actions:
        line = action.template_line_id
        if line:
            names = {lang: line.with_context(lang=lang).name for lang in langs}
            descriptions = {lang: line.with_context(lang=lang).description for lang in langs}
        else:
            names, descriptions = routine, {}
        values = {}
        if _is_generated(action.name, names):
            values["name"] = names
        if _is_generated(action.description, descriptions):
            values["description"] = descriptions
        if values:
            todo.append(action.id)
            translations.append(values)
    write_translations(Action.browse(todo), translations)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _migrate_steps(env)
    _migrate_care_actions(env)
