import logging
import traceback
from collections import defaultdict

from odoo import models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _followup_process(self, records, work):
        """Apply ``work`` to ``records`` for this scheduled action; return the
        records it failed on.

        The batch is tried at once, in a savepoint. Only when that raises is
        each record tried alone, in a savepoint of its own: a bad record (a
        bug, a constraint) loses its own work, not the others'. Its error is
        logged in the server log and recorded as a
        ``sales_followup.cron.failure``, where ``_followup_failed_ids()``
        finds it so that the rest of the run skips it. Concurrency errors
        propagate: the transaction lost a race (another worker, a button) and
        is rolled back whole, the work being the winner's.
        """
        self.ensure_one()
        if not records:
            return records

        def attempt(subset):
            try:
                with self.env.cr.savepoint():
                    work(subset)
            except Exception as error:  # noqa: BLE001 - whatever one record raises
                if isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                    raise
                return error
            return None

        batch_error = attempt(records)
        if batch_error is None:
            return records.browse()
        if len(records) > 1:
            _logger.info(
                "%s: a batch of %s %s failed (%s); retrying its records one by one.",
                self.cron_name,
                len(records),
                records._name,
                batch_error,
            )
            outcomes = {record: attempt(record) for record in records}
        else:
            outcomes = {records: batch_error}
        failed = {record: error for record, error in outcomes.items() if error is not None}
        failures = []
        for record, error in failed.items():
            _logger.error(
                "%s: %r failed and is skipped until the next run: %s",
                self.cron_name,
                record,
                error,
                exc_info=error,
            )
            failures.append(
                {
                    "cron_id": self.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "error": "".join(traceback.format_exception(error)),
                }
            )
        self.env["sales_followup.cron.failure"].sudo().create(failures)
        return records.browse([record.id for record in failed])

    def _followup_failed_ids(self):
        """Ids of the records ``_followup_process()`` failed on during this
        scheduled action's current run, by model.

        A run goes from the end of the previous one (``lastcall``) through all
        the calls of the runner, a run resumed after a crash included. Its
        calls skip these records, so that a record that fails every time
        does not come back in each batch and keep the run from ending; the
        next run tries them again.
        """
        self.ensure_one()
        domain = [("cron_id", "=", self.id)]
        if self.lastcall:
            domain.append(("create_date", ">", self.lastcall))
        failures = (
            self.env["sales_followup.cron.failure"]
            .sudo()
            .search_fetch(domain, ["res_model", "res_id"])
        )
        failed = defaultdict(list)
        for failure in failures:
            failed[failure.res_model].append(failure.res_id)
        return failed
