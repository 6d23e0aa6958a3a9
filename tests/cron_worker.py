"""A separate Odoo process for the reliability tests (tests/test_reliability.py).

    python tests/cron_worker.py CONFIG DB cron            # the cron runner, as a cron thread
    python tests/cron_worker.py CONFIG DB reminders N     # _cron_followup_reminders, direct
    python tests/cron_worker.py CONFIG DB plan START IDS  # _followup_sync_plan on order IDS

``cron`` runs Odoo's own job runner (``ir.cron._process_jobs``) until the
reminder cron has nothing left: each callback is one batch, committed by the
runner. ``reminders`` calls the method directly in a loop, committing after
each call, as a button or a second worker would, ignoring the job lock.
``plan`` waits until the wall-clock time START (so that two workers start
together) then generates the plans of the orders. Like Odoo's RPC layer, a
transaction that loses a race (serialization failure, unique violation) is
rolled back and retried. Prints one line per committed call and the retries.
"""

import sys
import time

import psycopg2
from psycopg2 import errors

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

RETRIED = (errors.SerializationFailure, errors.DeadlockDetected, errors.UniqueViolation)


def retrying(registry, func, tries=20):
    """Run ``func(env)`` in a transaction, again when it loses a race."""
    for attempt in range(tries):
        try:
            with registry.cursor() as cr:
                return func(api.Environment(cr, SUPERUSER_ID, {})), attempt
        except psycopg2.Error as error:
            if not isinstance(error, RETRIED) or attempt == tries - 1:
                raise
            print(f"retry after {type(error).__name__}", flush=True)
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def run_cron(db):
    IrCron = Registry(db)["ir.cron"]
    for _index in range(500):
        IrCron._process_jobs(db)
        with Registry(db).cursor() as cr:
            cr.execute(
                "SELECT nextcall > now() at time zone 'UTC' FROM ir_cron c"
                "  JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron'"
                " WHERE d.module = 'sales_followup' AND d.name = 'ir_cron_followup_reminders'"
            )
            if cr.fetchone()[0]:
                print("cron done", flush=True)
                return


def run_reminders(db, batch_size):
    registry = Registry(db)

    def one_call(env):
        cron = env.ref("sales_followup.ir_cron_followup_reminders")
        cron, progress = cron._add_progress()
        env["sales_followup.step"].with_context(
            ir_cron_progress_id=progress.id
        )._cron_followup_reminders(batch_size=batch_size)
        env.flush_all()
        return progress.done, progress.remaining

    idle = 0
    for _index in range(1000):
        (done, remaining), _retries = retrying(registry, one_call)
        print(f"call done={done} remaining={remaining}", flush=True)
        idle = idle + 1 if not done else 0
        if idle >= 2:
            return


def run_plan(db, start, order_ids):
    registry = Registry(db)
    time.sleep(max(0.0, start - time.time()))

    def generate(env):
        env["sale.order"].browse(order_ids)._followup_sync_plan()
        env.flush_all()

    _result, retries = retrying(registry, generate)
    print(f"plan done after {retries} retries", flush=True)


def main():
    config, db, mode, *rest = sys.argv[1:]
    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    if mode == "cron":
        run_cron(db)
    elif mode == "reminders":
        run_reminders(db, int(rest[0]))
    elif mode == "plan":
        run_plan(db, float(rest[0]), [int(value) for value in rest[1].split(",")])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
