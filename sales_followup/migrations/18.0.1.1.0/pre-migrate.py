"""The steps' own-orders rule (noupdate data) lets a plan's co-owner read
the steps he co-owns: reloaded from the module's data this once."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data SET noupdate = FALSE
             WHERE module = 'sales_followup' AND name = 'sales_followup_step_rule_own'
            """
        )
    )
