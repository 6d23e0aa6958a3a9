import base64
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
from freezegun import freeze_time

from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tools import SQL

from ..tools import text_checks
from .common import FollowupCommon

D = date
DT = datetime
APRIL = D(2026, 4, 1)


def readme_kpi_definitions(testcase, module):
    """The README's table of ``module``'s KPI definitions, between the
    markers that name the module (the core's name none); skips the test when
    the add-on was installed without its repository's README."""
    readme = Path(get_module_path(module)).parent / "README.md"
    if not readme.exists():
        testcase.skipTest("installed without its repository's README")
    suffix = "" if module == "sales_followup" else f" ({module})"
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n", text.index(f"<!-- KPI definitions{suffix}:")) + 1
    return text[start : text.index(f"<!-- /KPI definitions{suffix} -->")].strip()


class MonthlyReportCommon(FollowupCommon):
    """April 2026 in a company of its own (no demo data), UTC, Mon-Fri.

    Customers and their confirmed orders (amounts in USD, the company currency):

    ===  ============================  =====================================
    A    Huaxin Manufacturing          H1 10,000 confirmed 2025-12-10;
         (contact Zhang Wei)           O1 200,000 (key) confirmed 2026-04-02,
                                       committed 04-20, delivered 04-17;
                                       O4 quotation 04-10, never confirmed
    B    Golden Gate Trading           O2 50,000 (regular) confirmed 04-06,
                                       committed 04-15, delivered 04-17 (late)
    C    张伟 (a person)               O3 600,000 (strategic, salesman 2)
                                       confirmed 04-09, committed 04-24
    D    Delta Foods                   H2 8,000 confirmed 2025-10-20;
                                       O5 quotation 04-12, cancelled
    E    Echo Ltd                      H3 5,000 confirmed 2025-03-15;
                                       O6 30,000 quoted 04-28, confirmed 05-04
    ===  ============================  =====================================

    Plans (working days; see test_plan for the rules), steps due in April:
    O1 first contact 04-06 (done by I1 on 04-06), cadence 04-09 (done 04-09),
    cadence 04-14 (done 04-15), pre-delivery 04-17 (done 04-16), satisfaction
    04-22 (done by I4 on 04-22) -> 5 due, 5 done.
    O2 first contact 04-09 (done 04-10: late), pre-delivery 04-14 (cancelled
    by the delivery), satisfaction 04-22 (open) -> 2 due, 1 done.
    O3 manager review 04-10 (leader, open), first contact 04-10 (done by I3
    on 04-10), cadence 04-17 (open), pre-delivery 04-23 (open) -> 4 due,
    1 done.

    Care actions: CA1 for A (high value, from a monthly template action)
    planned 04-28, done, effect good; CA2 for B (new) planned 04-20; CA3 for
    B planned 05-12 and CA4 cancelled: not April's.

    Interactions in April: I1 (O1, first contact, responsiveness 5), I2 (O1,
    delivery delay, logged late, resolution 3), I3 (O3, first contact,
    responsiveness 4, professionalism 4), I4 (O1 survey, satisfaction 5,
    proactiveness 4), I5 (O2, quality mismatch, satisfaction 3).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.report_company = cls.env["res.company"].create(
            {"name": "Huaxin Report Co.", "currency_id": cls.usd.id}
        )
        company = cls.report_company
        company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Report calendar", "tz": "UTC", "company_id": company.id}
        )
        company.followup_dormant_days = 180
        # The month below was planned with the manager review on Strategic
        # orders only (every tier reviews by default: see test_plan).
        cls.env["sales_followup.tier"].search(
            [("company_id", "=", company.id), ("code", "in", ("key", "regular"))]
        ).manager_review = False
        for user in (cls.salesman, cls.salesman_2, cls.leader, cls.manager):
            user.company_ids = [Command.link(company.id)]
        cls.report_team = cls.env["crm.team"].create(
            {"name": "Report Team", "user_id": cls.leader.id, "company_id": company.id}
        )
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create({"name": "Huaxin Manufacturing", "is_company": True})
        cls.contact_a = Partner.create(
            {
                "name": "Zhang Wei",
                "parent_id": cls.customer_a.id,
                "function": "Purchasing Manager",
                "phone": "13812345678",
                "email": "zhang.wei@huaxin.example.com",
            }
        )
        cls.customer_b = Partner.create({"name": "Golden Gate Trading", "is_company": True})
        cls.customer_c = Partner.create({"name": "张伟", "email": "zhangwei@example.cn"})
        cls.customer_d = Partner.create({"name": "Delta Foods", "is_company": True})
        cls.customer_e = Partner.create({"name": "Echo Ltd", "is_company": True})

        order = cls._report_order
        cls.h1 = order(10_000, cls.customer_a, created=DT(2025, 12, 9), confirmed=DT(2025, 12, 10))
        cls.h2 = order(8_000, cls.customer_d, created=DT(2025, 10, 19), confirmed=DT(2025, 10, 20))
        cls.h3 = order(5_000, cls.customer_e, created=DT(2025, 3, 14), confirmed=DT(2025, 3, 15))
        cls.o1 = order(
            200_000,
            cls.contact_a,
            created=DT(2026, 4, 1, 9),
            confirmed=DT(2026, 4, 2, 10),
            delivery=D(2026, 4, 20),
        )
        cls.o2 = order(
            50_000,
            cls.customer_b,
            created=DT(2026, 4, 3, 9),
            confirmed=DT(2026, 4, 6, 9),
            delivery=D(2026, 4, 15),
        )
        cls.o3 = order(
            600_000,
            cls.customer_c,
            created=DT(2026, 4, 8, 9),
            confirmed=DT(2026, 4, 9, 10),
            delivery=D(2026, 4, 24),
            user=cls.salesman_2,
        )
        cls.o4 = order(120_000, cls.customer_a, created=DT(2026, 4, 10, 9))
        cls.o5 = order(40_000, cls.customer_d, created=DT(2026, 4, 12, 9))
        cls.o5._action_cancel()
        cls.o6 = order(
            30_000, cls.customer_e, created=DT(2026, 4, 28, 9), confirmed=DT(2026, 5, 4, 9)
        )

        template = cls.env["sales_followup.care.template"].create(
            {"name": "High value care", "segment": "high_value", "company_id": company.id}
        )
        visit = cls.env["sales_followup.care.template.line"].create(
            {"template_id": template.id, "name": "Executive visit", "recurrence": "monthly"}
        )
        CarePlan = cls.env["sales_followup.care.plan"]
        plan_a = CarePlan.create(
            {"partner_id": cls.customer_a.id, "company_id": company.id, "segment": "high_value"}
        )
        plan_b = CarePlan.create(
            {"partner_id": cls.customer_b.id, "company_id": company.id, "segment": "new"}
        )
        cls.env["sales_followup.care.action"].create(
            [
                {
                    "plan_id": plan_a.id,
                    "name": "Executive visit by the sales director",
                    "template_line_id": visit.id,
                    "date_planned": D(2026, 4, 28),
                    "user_id": cls.leader.id,
                    "state": "done",
                    "date_done": DT(2026, 4, 28, 15),
                    "effect": "good",
                    "customer_feedback": "Satisfied with the cooperation; asks for a "
                    "discount on a wider product line.",
                    "remarks": "Passed on to the product team.",
                },
                {
                    "plan_id": plan_b.id,
                    "name": "Send the product user guide",
                    "date_planned": D(2026, 4, 20),
                    "user_id": cls.salesman.id,
                },
                {
                    "plan_id": plan_b.id,
                    "name": "First revisit",
                    "date_planned": D(2026, 5, 12),
                    "user_id": cls.salesman.id,
                },
                {
                    "plan_id": plan_b.id,
                    "name": "Industry offer",
                    "date_planned": D(2026, 4, 25),
                    "user_id": cls.salesman.id,
                    "state": "cancelled",
                },
            ]
        )

        step = cls._step
        with freeze_time("2026-04-06 10:30"):
            cls.i1 = cls._interaction(
                cls.o1,
                DT(2026, 4, 6, 10),
                step=step(cls.o1, "first_contact"),
                summary="Customer confirmed the order details and the production schedule "
                "for the 50 units.",
                participant_contact_ids=[Command.set(cls.contact_a.ids)],
                score_responsiveness=5,
            )
        with freeze_time("2026-04-09 16:00"):
            step(cls.o1, "cadence").sorted("date_due")[0].action_done()
        with freeze_time("2026-04-10 11:00"):
            step(cls.o2, "first_contact").action_done()
            cls.i3 = cls._interaction(
                cls.o3,
                DT(2026, 4, 10, 10, 45),
                step=step(cls.o3, "first_contact"),
                user=cls.salesman_2,
                summary="Customer asked for weekly production photos; we agreed to send "
                "them every Friday.",
                score_responsiveness=4,
                score_professionalism=4,
            )
        with freeze_time("2026-04-14 09:00"):
            cls.i2 = cls._interaction(
                cls.o1,
                DT(2026, 4, 13, 15),
                kind="exception",
                summary="Customer says the delivery of the 50 units slipped by two days; "
                "production confirms 17 April.",
                exception_reason="delivery_delay",
                exception_severity="medium",
                exception_resolution="Production moved the order forward; delivered 17 April.",
                score_resolution=3,
            )
        with freeze_time("2026-04-15 10:00"):
            step(cls.o1, "cadence").sorted("date_due")[1].action_done()
        with freeze_time("2026-04-16 10:00"):
            step(cls.o1, "pre_delivery").action_done()
        with freeze_time("2026-04-17 18:00"):
            (cls.o1 | cls.o2).write({"followup_delivered_date": D(2026, 4, 17)})
        with freeze_time("2026-04-20 16:30"):
            cls.i5 = cls._interaction(
                cls.o2,
                DT(2026, 4, 20, 16),
                kind="exception",
                summary="Customer found scratches on three panels of the delivered batch "
                "and wants replacements.",
                exception_reason="quality_mismatch",
                exception_severity="high",
                satisfaction=3,
            )
        with freeze_time("2026-04-22 11:05"):
            cls.i4 = cls._interaction(
                cls.o1,
                DT(2026, 4, 22, 11),
                kind="survey",
                step=step(cls.o1, "satisfaction"),
                summary="Customer rated the delivery 5: on time after the reschedule, "
                "packaging intact.",
                satisfaction=5,
                score_proactiveness=4,
            )

    @classmethod
    def _report_order(cls, amount, partner, created, confirmed=None, delivery=None, user=None):
        """An order of the report company, created and confirmed at the given times."""
        values = {"company_id": cls.report_company.id, "team_id": cls.report_team.id}
        if user:
            values["user_id"] = user.id
        with freeze_time(created):
            order = cls._create_order(amount, delivery=delivery, partner=partner, **values)
        cls.env.flush_all()
        # create_date comes from the database clock: set it to the fixture's.
        cls.env.cr.execute(
            SQL("UPDATE sale_order SET create_date = %s WHERE id = %s", created, order.id)
        )
        order.invalidate_recordset(["create_date"])
        if confirmed:
            with freeze_time(confirmed):
                order.action_confirm()
        return order

    @classmethod
    def _step(cls, order, kind):
        return order.followup_step_ids.filtered(lambda step: step.kind == kind)

    @classmethod
    def _interaction(cls, order, when, user=None, step=None, kind="followup", **values):
        user = user or cls.salesman
        return cls.env["sales_followup.interaction"].create(
            {
                "order_id": order.id,
                "step_id": step.id if step else False,
                "date": when,
                "channel": "phone",
                "kind": kind,
                "user_id": user.id,
                "participant_user_ids": [Command.set(user.ids)],
                **values,
            }
        )

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _generate(self, date_from=APRIL, company=None, team=None, now="2026-05-02 08:00"):
        company = company or self.report_company
        Report = self.env["sales_followup.monthly.report"].with_company(company)
        with freeze_time(now):
            report = Report._followup_get_or_create(company, date_from, team)
            report.action_generate()
        return report

    def _workbook(self, report):
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))

    def _table(self, sheet, first_header):
        """Header row and data rows (until the first empty row) of a list sheet."""
        rows = list(sheet.iter_rows(values_only=True))
        index = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
        data = []
        for row in rows[index + 1 :]:
            if all(value in (None, "") for value in row):
                break
            data.append(row)
        return index + 1, rows[index], data

    def _kpi_rows(self, workbook):
        """Summary values by KPI label: (this month, previous month, change)."""
        __, __, rows = self._table(workbook["Summary"], "KPI")
        return {row[0]: row[1:4] for row in rows}

    def _assert_no_personal_data(self, workbook):
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        self.assertFalse(
                            text_checks.find_personal_data(value),
                            f"{sheet.title}: personal data in {value!r}",
                        )
