"""A separate Odoo process for the reliability tests (tests/test_reliability.py).

    python tests/cron_worker.py CONFIG DB cron XMLID          # the job runner, as a cron thread
    python tests/cron_worker.py CONFIG DB direct XMLID START  # the cron's action, called directly
    python tests/cron_worker.py CONFIG DB plan START IDS      # _followup_sync_plan on order IDS
    python tests/cron_worker.py CONFIG DB companies COUNT     # COUNT more companies to report on

``cron`` runs Odoo's own job runner (``ir.cron._process_jobs``) until the
scheduled action XMLID (``module.name``) has nothing left: each callback is
one batch, committed by the runner. Then it calls the action once more and
prints what that call did (``rerun done=D remaining=R``), which should be
nothing. ``direct`` calls the action's server action in a loop, committing
after each call, as a button or a second worker would, ignoring the job lock,
until two calls in a row do nothing. ``direct`` and ``plan`` wait until the
wall-clock time START (so that two workers start together); ``plan``
generates the plans of the orders. Like Odoo's RPC layer, a transaction that
loses a race (serialization failure, unique violation) is rolled back and
retried. Prints one line per committed call and the retries. ``companies``
adds companies (with no data) until there are COUNT besides the main one,
with admin as their sales follow-up manager.
"""

import sys
import time

from psycopg2 import errors

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry

RETRIED = (errors.SerializationFailure, errors.DeadlockDetected, errors.UniqueViolation)


def lost_race(error):
    """The race lost, if ``error`` comes of one: server actions' code turns
    errors other than concurrency ones into a ValueError."""
    while error is not None:
        if isinstance(error, RETRIED):
            return type(error).__name__
        error = error.__context__
    return None


def retrying(registry, func, tries=20):
    """Run ``func(env)`` in a transaction, again when it loses a race."""
    for attempt in range(tries):
        try:
            with registry.cursor() as cr:
                return func(api.Environment(cr, SUPERUSER_ID, {})), attempt
        except Exception as error:
            race = lost_race(error)
            if not race or attempt == tries - 1:
                raise
            print(f"retry after {race}", flush=True)
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def call_action(env, xmlid):
    """One call of the scheduled action's server action, as the runner makes
    it (its own progress record, the runner's callback), without its lock."""
    cron, progress = env.ref(xmlid)._add_progress()
    cron._callback(cron.cron_name, cron.ir_actions_server_id.id)
    env.flush_all()
    return progress.done, progress.remaining


def run_cron(db, xmlid):
    registry = Registry(db)
    for _index in range(500):
        registry["ir.cron"]._process_jobs(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(
                "SELECT nextcall > now() at time zone 'UTC' FROM ir_cron WHERE id = %s",
                [env.ref(xmlid).id],
            )
            if cr.fetchone()[0]:
                print("cron done", flush=True)
                (done, remaining), _retries = retrying(
                    registry, lambda env: call_action(env, xmlid)
                )
                print(f"rerun done={done} remaining={remaining}", flush=True)
                return
    raise SystemExit(f"{xmlid} still not done")


def run_direct(db, xmlid, start):
    registry = Registry(db)
    time.sleep(max(0.0, start - time.time()))
    idle = 0
    for _index in range(1000):
        (done, remaining), _retries = retrying(registry, lambda env: call_action(env, xmlid))
        print(f"call done={done} remaining={remaining}", flush=True)
        idle = idle + 1 if not done else 0
        if idle >= 2:
            return
    raise SystemExit(f"{xmlid} still not done")


def run_plan(db, start, order_ids):
    registry = Registry(db)
    time.sleep(max(0.0, start - time.time()))

    def generate(env):
        env["sale.order"].browse(order_ids)._followup_sync_plan()
        env.flush_all()

    _result, retries = retrying(registry, generate)
    print(f"plan done after {retries} retries", flush=True)


def add_companies(db, count):
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Company = env["res.company"]
        existing = Company.search_count([("name", "=like", "Bench Report Co %")])
        companies = Company.create(
            [{"name": f"Bench Report Co {index}"} for index in range(existing, count)]
        )
        env.ref("base.user_admin").company_ids = [Command.link(c.id) for c in companies]
        print(f"{len(companies)} companies added", flush=True)


def main():
    config, db, mode, *rest = sys.argv[1:]
    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    if mode == "cron":
        run_cron(db, rest[0])
    elif mode == "direct":
        run_direct(db, rest[0], float(rest[1]))
    elif mode == "plan":
        run_plan(db, float(rest[0]), [int(value) for value in rest[1].split(",")])
    elif mode == "companies":
        add_companies(db, int(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
