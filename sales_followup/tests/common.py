from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class FollowupCommon(BaseCommon):
    """Sales team, users, a product and a calendar with a public holiday.

    The calendar works Monday to Friday in UTC; Friday 1 May 2026 (Labour
    Day) is a public holiday, so Thursday 30 April is followed by Monday
    4 May as working days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Follow-up test calendar", "tz": "UTC"}
        )
        cls.company.resource_calendar_id = cls.calendar
        # The demo names a follow-up manager: the tests name theirs.
        cls.company.followup_manager_id = False
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Labour Day",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 5, 1, 0, 0),
                "date_to": datetime(2026, 5, 1, 23, 59, 59),
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="sf_salesman",
            groups="sales_team.group_sale_salesman",
            tz="UTC",
        )
        cls.salesman_2 = new_test_user(
            cls.env,
            login="sf_salesman_2",
            groups="sales_team.group_sale_salesman",
            tz="UTC",
        )
        cls.leader = new_test_user(
            cls.env,
            login="sf_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            tz="UTC",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sf_manager",
            groups="sales_team.group_sale_manager",
            tz="UTC",
        )
        cls.env.user.tz = "UTC"
        cls.team = cls.env["crm.team"].create({"name": "Follow-up Team", "user_id": cls.leader.id})
        # A service: no warehouse delivery (Inventory's bridge) moves the
        # delivery date that the tests give the orders.
        cls.product = cls.env["product.product"].create(
            {"name": "Follow-up Machine", "type": "service", "list_price": 1.0}
        )
        cls.product.taxes_id = [Command.clear()]
        cls.partner = cls.env["res.partner"].create(
            {"name": "Huaxin Manufacturing", "is_company": True}
        )
        cls.tier_strategic = cls.env.ref("sales_followup.tier_strategic")
        cls.tier_key = cls.env.ref("sales_followup.tier_key")
        cls.tier_regular = cls.env.ref("sales_followup.tier_regular")

    @classmethod
    def _create_order(cls, amount, delivery=None, partner=None, **values):
        """A quotation of ``amount`` (one line, no tax) for the test salesman."""
        values = {
            "partner_id": (partner or cls.partner).id,
            "user_id": cls.salesman.id,
            "team_id": cls.team.id,
            "commitment_date": delivery
            and datetime.combine(delivery, datetime.min.time().replace(hour=9)),
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                    }
                )
            ],
            **values,
        }
        return cls.env["sale.order"].create(values)

    def _steps(self, order, kind=None):
        steps = order.followup_step_ids.filtered(lambda step: step.state != "cancelled")
        if kind:
            steps = steps.filtered(lambda step: step.kind == kind)
        return steps.sorted("date_due")

    def _followup_activities(self, order, user=None):
        """The plan's reminders on ``order`` (``user``'s only, if given)."""
        domain = [
            ("res_model", "=", "sale.order"),
            ("res_id", "=", order.id),
            ("followup_step_id", "!=", False),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)

    # ------------------------------------------------------------
    # Scheduled actions: one record failing
    # ------------------------------------------------------------

    def _fail_on(self, model, method, failing):
        """Make ``model.method`` raise whenever it is called on a recordset
        for which ``failing(records)`` is true: a bug, or a constraint, that
        only one record meets."""
        model_class = type(self.env[model])
        original = getattr(model_class, method)

        def broken(records, *args, **kwargs):
            if failing(records):
                raise ValueError(f"Injected failure on {records!r}")
            return original(records, *args, **kwargs)

        return patch.object(model_class, method, broken)

    @contextmanager
    def _assert_failure_logged(self, *records):
        """One error logged for each of ``records``, naming it and the error."""
        with self.assertLogs("odoo.addons.sales_followup.models.ir_cron", "ERROR") as logs:
            yield
        errors = [line for line in logs.output if line.startswith("ERROR")]
        self.assertEqual(len(errors), len(records), errors)
        for record, line in zip(records, errors, strict=True):
            self.assertIn(f"{record._name}({record.id},)", line)
            self.assertIn("Injected failure", line)

    def _cron_call(self, xmlid, method, **kwargs):
        """One call of ``method`` of the scheduled action ``xmlid``, as its
        runner makes it: the progress it reports, ``(done, remaining)``."""
        cron = self.env.ref(xmlid)
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        model = self.env[cron.model_id.model].with_context(ir_cron_progress_id=progress.id)
        getattr(model, method)(**kwargs)
        self.env.flush_all()
        return progress.done, progress.remaining

    def _end_cron_run(self, xmlid):
        """The run ends, as the runner ends it: the next run tries the failed
        records again."""
        self.env.ref(xmlid).lastcall = self.cr.now()


D = date  # short alias for readable expectations
