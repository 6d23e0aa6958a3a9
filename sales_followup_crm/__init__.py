from . import models


def uninstall_hook(env):
    """Leads' steps lose their lead with the add-on: delete them, and their
    reminders, rather than leave steps of nothing behind."""
    steps = env["sales_followup.step"].sudo().search([("lead_id", "!=", False)])
    steps._followup_remove_reminders()
    steps.unlink()
