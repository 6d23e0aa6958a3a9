from psycopg2 import errors

from odoo.tests import tagged

from .common import FollowupCommon

SEGMENT_CRON = "sales_followup.ir_cron_followup_segment"


@tagged("post_install", "-at_install")
class TestCronFailures(FollowupCommon):
    """``ir.cron._followup_process()``, which every scheduled action of the
    add-on works through; each one's own tests show a record failing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref(SEGMENT_CRON)
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Batch Customer {index}", "is_company": True} for index in range(4)]
        )

    def _work(self, batches, broken=None):
        """Work that writes on its partners, then raises if ``broken`` is
        among them; ``batches`` collects the recordsets it is given."""

        def work(partners):
            batches.append(partners)
            partners.write({"ref": "done"})
            if broken and broken in partners:
                raise ValueError("Injected failure")

        return work

    def test_batch_at_once_then_one_by_one(self):
        """A batch goes through in one piece; only a failing one is done
        again record by record, each one's work kept or undone alone."""
        batches = []
        self.assertFalse(self.cron._followup_process(self.customers, self._work(batches)))
        self.assertEqual(batches, [self.customers])

        self.customers.ref = False
        batches.clear()
        broken = self.customers[2]
        with self._assert_failure_logged(broken):
            failed = self.cron._followup_process(self.customers, self._work(batches, broken))
        self.assertEqual(failed, broken)
        self.assertEqual(batches, [self.customers, *self.customers])
        self.assertEqual(self.customers.mapped("ref"), ["done", "done", False, "done"])
        self.assertEqual(self.cron._followup_failed_ids(), {"res.partner": broken.ids})
        # The administrator reads the error on the failure's record.
        failure = self.env["sales_followup.cron.failure"].search([("cron_id", "=", self.cron.id)])
        self.assertEqual((failure.res_model, failure.res_id), ("res.partner", broken.id))
        self.assertIn("ValueError: Injected failure", failure.error)
        # Once the run is over, the next one tries it again.
        self._end_cron_run(SEGMENT_CRON)
        self.assertFalse(self.cron._followup_failed_ids())

    def test_lost_race_is_not_a_record_failure(self):
        """A concurrency error undoes the whole transaction, to be retried: no
        record is marked failed for it."""

        def work(partners):
            raise errors.SerializationFailure("could not serialize access")

        with self.assertRaises(errors.SerializationFailure):
            self.cron._followup_process(self.customers, work)
        self.assertFalse(self.cron._followup_failed_ids())
