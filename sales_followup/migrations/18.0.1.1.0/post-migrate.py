"""A customer's figures moved from per-company columns of res_partner to
sales_followup.customer.stats: copy them, pinned segments included, point
the nightly segmentation at its new model, and drop the old columns.
Reminders have one owner now, which gives care actions theirs and the sales
manager of Strategic orders, co-owner of their plans, his: derive them once
for the open records (the steps' rule lets the co-owner read them).
The monthly report's e-mail links to the report when the company protects
it: its template, noupdate data, gets the new body."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, file_open
from odoo.tools.sql import column_exists

from odoo.addons.sales_followup.const import CARE_OPEN_STATES, OPEN_STATES

# Former res_partner column -> (customer statistics column, SQL type).
MOVED = {
    "followup_segment": ("segment", "varchar"),
    "followup_segment_pinned": ("segment_pinned", "boolean"),
    "followup_segment_date": ("segment_date", "date"),
    "followup_first_order_date": ("first_order_date", "date"),
    "followup_last_order_date": ("last_order_date", "date"),
    "followup_order_count": ("order_count", "integer"),
    "followup_revenue_12m": ("revenue_12m", "float8"),
    "followup_rfm_r": ("rfm_r", "integer"),
    "followup_rfm_f": ("rfm_f", "integer"),
    "followup_rfm_m": ("rfm_m", "integer"),
    "followup_warning_no_contact": ("warning_no_contact", "boolean"),
    "followup_warning_declining": ("warning_declining", "boolean"),
    "followup_warning_exception": ("warning_exception", "boolean"),
    "followup_health": ("health", "varchar"),
}


def migrate(cr, version):
    moved = {old: new for old, new in MOVED.items() if column_exists(cr, "res_partner", old)}
    if moved:
        # One INSERT ... SELECT over the JSON of the old company-dependent
        # columns ({"company id": value}): the ORM would read 20,000 customers
        # per company one field at a time for the same rows.
        keys = SQL(" || ").join(
            SQL("COALESCE(p.%s, '{}'::jsonb)", SQL.identifier(old)) for old in moved
        )
        cr.execute(
            SQL(
                """
                INSERT INTO sales_followup_customer_stats
                       (partner_id, company_id, %(columns)s,
                        create_uid, write_uid, create_date, write_date)
                SELECT p.id, c.id, %(values)s,
                       %(root)s, %(root)s, now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM res_partner p
                  JOIN LATERAL jsonb_object_keys(%(keys)s) AS k(company) ON TRUE
                  JOIN res_company c ON c.id::text = k.company
                 WHERE p.id = p.commercial_partner_id
                ON CONFLICT (partner_id, company_id) DO NOTHING
                """,
                columns=SQL(", ").join(SQL.identifier(new) for new, __ in moved.values()),
                values=SQL(", ").join(
                    SQL("(p.%s ->> k.company)::%s", SQL.identifier(old), SQL(sql_type))
                    for old, (__, sql_type) in moved.items()
                ),
                keys=keys,
                root=SUPERUSER_ID,
            )
        )
        for old in moved:
            cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(old)))
    # The scheduled action is noupdate data: point it at the new model.
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("sales_followup.ir_cron_followup_segment", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("sales_followup.customer.stats"),
                "code": "model._cron_followup_segment()",
            }
        )
    CareAction = env["sales_followup.care.action"]
    CareAction._followup_sync_groups(CareAction.search([("state", "in", CARE_OPEN_STATES)]).plan_id)
    # The steps' rule, reloaded (pre-migrate), is the company's again.
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data SET noupdate = TRUE
             WHERE module = 'sales_followup' AND name = 'sales_followup_step_rule_own'
            """
        )
    )
    # The plans of Strategic orders name their co-owner, who gets reminders.
    env["sale.order"].search(
        [
            ("followup_step_ids.state", "in", OPEN_STATES),
            ("followup_tier_id.responsible", "=", "salesperson_manager"),
        ]
    )._followup_sync_plan()
    _update_monthly_report_body(env)


def _update_monthly_report_body(env):
    """The template's body as a new installation has it (its other fields,
    which a company may have edited, stay)."""
    template = env.ref(
        "sales_followup.mail_template_followup_monthly_report", raise_if_not_found=False
    )
    if not template:
        return
    with file_open("sales_followup/data/mail_template_data.xml", "rb") as data:
        tree = etree.parse(data)
    [field] = tree.xpath(
        "//record[@id='mail_template_followup_monthly_report']/field[@name='body_html']"
    )
    # As Odoo's data loading reads an html field.
    template.body_html = "".join(
        etree.tostring(node, method="html", encoding="unicode") for node in field
    )
