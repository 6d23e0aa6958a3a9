import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command

from .common import FollowupCommon

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


class TestImprovement(FollowupCommon):
    """The monthly review closes the loop (seed 000 step 6, note 5): measures
    decided on March's report are followed up in April's workbook."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_company = cls.env["res.company"].create(
            {"name": "Review Co.", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.review_company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Review calendar", "tz": "UTC", "company_id": cls.review_company.id}
        )
        for user in (cls.salesman, cls.salesman_2, cls.manager):
            user.company_ids = [Command.link(cls.review_company.id)]
        Report = cls.env["sales_followup.monthly.report"]
        cls.march = Report._followup_get_or_create(cls.review_company, MARCH)
        cls.april = Report._followup_get_or_create(cls.review_company, APRIL)

    def _measure(self, report, name, deadline, user=None):
        return (
            self.env["sales_followup.improvement"]
            .with_user(self.manager)
            .create(
                {
                    "report_id": report.id,
                    "name": name,
                    "user_id": (user or self.salesman).id,
                    "date_deadline": deadline,
                }
            )
        )

    def _activities(self, measure):
        return self.env["mail.activity"].search([("followup_improvement_id", "=", measure.id)])

    def test_next_month_workbook_says_whether_done_on_time(self):
        with freeze_time("2026-03-31 10:00"):
            on_time = self._measure(self.march, "Call new customers in 2 days", date(2026, 4, 10))
            late = self._measure(self.march, "Weekly pipeline review", date(2026, 4, 3))
            overdue = self._measure(self.march, "Refresh the care templates", date(2026, 4, 15))
        with freeze_time("2026-04-08 10:00"):
            on_time.with_user(self.salesman).action_done()
            late.with_user(self.manager).write({"result": "Held twice", "effect": "fair"})
            late.with_user(self.salesman).action_done()
        with freeze_time("2026-04-28 10:00"):
            self._measure(self.april, "Survey every delivered order", date(2026, 5, 15))
        self.assertEqual((on_time.date_done, late.date_done), (date(2026, 4, 8),) * 2)
        self.assertEqual(overdue.state, "planned")
        with freeze_time("2026-05-02 08:00"):
            self.april.with_user(self.manager).action_generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(self.april.xlsx_file)))
        sheet = book["Improvement Measures"]
        rows = list(sheet.iter_rows(values_only=True))
        header = next(index for index, row in enumerate(rows) if row[0] == "Review")
        self.assertEqual(
            rows[header][:9],
            (
                "Review",
                "Measure",
                "Owner",
                "Deadline",
                "Status",
                "Done On",
                "On Time",
                "Result",
                "Effect",
            ),
        )
        by_name = {row[1]: row for row in rows[header + 1 :] if row[1]}
        self.assertEqual(len(by_name), 4)
        call = by_name["Call new customers in 2 days"]
        self.assertEqual(call[0], "March 2026")
        self.assertEqual(call[2], self.salesman.name)
        self.assertEqual((call[4], call[6]), ("Done", "Done on time"))
        self.assertEqual(call[5].date(), date(2026, 4, 8))
        review = by_name["Weekly pipeline review"]
        self.assertEqual((review[6], review[7], review[8]), ("Done late", "Held twice", "Fair"))
        refresh = by_name["Refresh the care templates"]
        self.assertEqual((refresh[4], refresh[6]), ("Planned", "Open, overdue"))
        survey = by_name["Survey every delivered order"]
        self.assertEqual(
            (survey[0], survey[4], survey[6]), ("April 2026", "Planned", "New this month")
        )
        # Last month's first, then this month's.
        self.assertEqual(list(by_name)[-1], "Survey every delivered order")
        self.assertTrue(sheet.print_title_rows)
        terms = [row[0] for row in book["Definitions"].iter_rows(values_only=True)]
        self.assertIn("Done on time", terms)

    def test_owner_gets_an_activity_that_goes_when_done(self):
        measure = self._measure(self.march, "Visit dormant A customers", date(2026, 4, 10))
        activity = self._activities(measure)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.date_deadline, date(2026, 4, 10))
        self.assertEqual(
            activity.activity_type_id, self.env.ref("sales_followup.mail_activity_type_improvement")
        )
        # Deleted by hand while the measure is open, it comes back.
        activity.with_user(self.salesman).unlink()
        activity = self._activities(measure)
        self.assertEqual(len(activity), 1)
        # The owner marks it done on the activity: the feedback is the result.
        activity.with_user(self.salesman).action_feedback(feedback="Two visited, one moved")
        self.assertEqual(measure.state, "done")
        self.assertEqual(measure.result, "Two visited, one moved")
        self.assertFalse(self._activities(measure))
        # "Done & Schedule Next" carries it out too.
        again = self._measure(self.march, "Quote within a day", date(2026, 4, 10))
        self._activities(again).with_user(self.salesman).action_feedback_schedule_next(
            feedback="Done for all quotes"
        )
        self.assertEqual((again.state, again.result), ("done", "Done for all quotes"))
        self.assertFalse(self._activities(again))
        # Cancelling an open measure takes its activity away too.
        other = self._measure(self.march, "Shorter quotes", date(2026, 4, 10), self.salesman_2)
        self.assertTrue(self._activities(other))
        other.with_user(self.manager).action_cancel()
        self.assertEqual(other.state, "cancelled")
        self.assertFalse(self._activities(other))

    def test_only_managers_and_the_owner_see_a_measure(self):
        measure = self._measure(self.march, "Answer complaints the same day", date(2026, 4, 10))
        Improvement = self.env["sales_followup.improvement"]
        self.assertEqual(Improvement.with_user(self.salesman).search([]), measure)
        self.assertFalse(Improvement.with_user(self.salesman_2).search([]))
        with self.assertRaises(AccessError):
            measure.with_user(self.salesman_2).read(["name"])
        with self.assertRaises(AccessError):
            measure.with_user(self.salesman_2).action_done()
        # The owner reads it and marks it done, but does not rewrite it.
        with self.assertRaises(AccessError):
            measure.with_user(self.salesman).write({"name": "Something easier"})
        with self.assertRaises(AccessError):
            Improvement.with_user(self.salesman).create(
                {
                    "report_id": self.march.id,
                    "name": "My own",
                    "user_id": self.salesman.id,
                    "date_deadline": date(2026, 4, 10),
                }
            )
        # The status is set by the actions only.
        with self.assertRaises(AccessError):
            measure.with_user(self.manager).write({"state": "done"})
        # The report is fixed once the measure is created.
        with self.assertRaises(AccessError):
            measure.with_user(self.manager).write({"report_id": self.april.id})

    def test_texts_go_through_the_personal_data_detector(self):
        with self.assertRaises(ValidationError):
            self._measure(self.march, "Call 13800138000 back every week", date(2026, 4, 10))
        measure = self._measure(self.march, "Call back every week", date(2026, 4, 10))
        with self.assertRaises(ValidationError):
            measure.with_user(self.manager).write({"result": "客户手机13800138000，下午回电"})
