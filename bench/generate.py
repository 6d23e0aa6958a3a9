"""Fill a database with a realistic, seeded-random sales company for benchmarks.

Run through click-odoo (``env`` is given), normally by ``scripts/bench-data.sh``:

    click-odoo -c var/odoo.conf -d DB bench/generate.py --scale small [--part core|followup]

``core`` needs only Odoo's ``sale``: currencies and rates, pricelists, 50
salespeople in 5 teams, products, customers, orders over 3 years in every tier
and three currencies, one line each. ``followup`` needs sales_followup
installed: tiers on the orders, delivery dates, plan steps, interactions
(a share of them fulfilling done steps), and the reminders of open steps.
Both parts run by default; the benchmark runs ``core`` on one database, copies
it, installs the add-on on the copy and runs ``followup`` there, so both
databases hold the same core data.

Bulk rows are inserted by SQL (``INSERT ... SELECT`` over ``generate_series``,
PostgreSQL's ``random()`` seeded with ``setseed``); the few structural records
(users, teams, currencies, pricelists, products) go through the ORM. The same
scale and seed give the same data.
"""

import argparse
import logging
import random
import time
from datetime import date, timedelta

from odoo.tools import SQL

_logger = logging.getLogger("bench.generate")

SCALES = {
    "small": {"customers": 200, "orders": 1_000, "interactions": 10_000},
    "medium": {"customers": 2_000, "orders": 10_000, "interactions": 100_000},
    "large": {"customers": 10_000, "orders": 50_000, "interactions": 500_000},
    "full": {"customers": 20_000, "orders": 100_000, "interactions": 1_000_000},
}
TEAMS = 5
SALESPEOPLE = 50  # 10 per team, the first of each team leads it
YEARS = 3
# Company currency USD; orders also in EUR and CNY (units per USD).
RATES = {"EUR": 0.92, "CNY": 7.2}
# Order prefix: generated orders are recognisable and never collide with
# the sale.order sequence.
PREFIX = "SB"

CITIES = (
    "上海 北京 深圳 广州 杭州 苏州 南京 成都 武汉 天津 宁波 青岛 厦门 东莞 佛山 台北 香港".split()
)
TRADES = "精密 机电 化工 纺织 食品 电子 物流 建材 医疗 汽配 包装 家居 光电 环保 新能源".split()
SUFFIXES = ["有限公司", "股份有限公司", "贸易有限公司", "科技有限公司", "实业有限公司"]
FAMILY = "张 王 李 赵 陈 刘 杨 黄 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗".split()
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚".split()
PRODUCTS = [
    ("数控机床 CNC-850", 180_000),
    ("激光切割机 LC-3015", 420_000),
    ("工业机器人 IR-6", 260_000),
    ("伺服电机 SV-750", 3_800),
    ("变频器 VF-22", 5_600),
    ("PLC 控制器 P-300", 9_800),
    ("传感器套装 S-12", 1_200),
    ("液压站 HP-40", 36_000),
    ("空压机 AC-75", 58_000),
    ("包装线 PL-2", 690_000),
    ("检测仪 QC-9", 24_000),
    ("备件包 SP-1", 800),
]
# Summaries as reps write them: objective, in the customer's words, no
# personal identifiers (the add-on refuses those).
SUMMARIES = [
    "确认订单明细：型号、数量与合同一致，客户要求{month}月底前交货，我方确认产能可以满足。",
    "客户反馈上一批货包装有轻微破损，希望改用木箱包装；已记录，下批按木箱发货。",
    "电话同步生产进度：已完成 {pct}% ，预计按期出厂，客户表示放心。",
    "发货前确认收货地址、收货人和到货时间窗口，客户要求上午送达，仓库已安排。",
    "回访满意度：客户对交付及时性满意，对安装指导希望增加现场培训。",
    "客户询问备件价格和交期，已报价并说明库存情况，客户将于下周回复。",
    "物流延迟两天，已主动告知客户并提供新的到货时间，客户接受。",
    "拜访客户工厂，了解明年扩产计划，客户对新产品线有兴趣，约定下月演示。",
    "Confirmed line items and delivery week {week} with the buyer; no change requested.",
    "Customer asked for an updated quotation including installation; sent the same day.",
    "Pre-delivery call: unloading dock and receiving hours confirmed with the warehouse.",
    "Satisfaction call: customer happy with quality, asked for faster invoice processing.",
    "Discussed the delay of the second shipment; customer accepted the new date of week {week}.",
    "Quarterly review of open orders; customer plans a repeat order next quarter.",
]
CHANNELS = ["phone", "phone", "phone", "im", "im", "email", "visit", "video", "other"]
KINDS = ["followup"] * 6 + ["pre_delivery", "survey", "after_sales", "care", "exception"]
MOODS = ["satisfied", "satisfied", "satisfied", "neutral", "neutral", "worried", "anxious"]
# A resolved exception says how it was handled (the add-on requires it).
RESOLUTION = "Handled with the customer: the cause was found and the fix confirmed."


def log(message, *args):
    _logger.info(message, *args)
    print(message % args, flush=True)  # noqa: T201 - progress for the person waiting


class Generator:
    def __init__(self, env, scale, seed=42):
        self.env = env
        self.cr = env.cr
        self.scale = SCALES[scale]
        self.seed = seed
        self.rng = random.Random(seed)
        self.company = env.ref("base.main_company")
        self.today = date.today()
        self.start = self.today - timedelta(days=365 * YEARS)

    def sql(self, query, *args, **kwargs):
        self.cr.execute(SQL(query, *args, **kwargs))

    def seed_sql(self, offset):
        """Seed PostgreSQL's random() so that each bulk insert is reproducible."""
        self.sql("SELECT setseed(%s)", ((self.seed * 7919 + offset) % 1000) / 1000.0 - 0.5)

    def timed(self, label, func):
        started = time.perf_counter()
        result = func()
        self.env.flush_all()
        log("  %-28s %7.1f s", label, time.perf_counter() - started)
        return result

    # ------------------------------------------------------------------
    # Core: what Odoo's sale needs, identical with or without the add-on
    # ------------------------------------------------------------------

    def run_core(self):
        if self.env["sale.order"].search_count([("name", "=like", f"{PREFIX}%")]):
            raise SystemExit("this database already holds generated orders: use a fresh one")
        log("core data (%s customers, %s orders)", self.scale["customers"], self.scale["orders"])
        self.timed("currencies and pricelists", self._currencies)
        self.timed("teams and salespeople", self._salespeople)
        self.timed("products", self._products)
        self.timed("customers", self._customers)
        self.timed("orders and lines", self._orders)
        self.env.invalidate_all()

    def _currencies(self):
        Currency = self.env["res.currency"].with_context(active_test=False)
        usd = self.company.currency_id
        pricelists = [{"name": f"Bench {usd.name}", "currency_id": usd.id}]
        for code, rate in RATES.items():
            currency = Currency.search([("name", "=", code)], limit=1)
            currency.active = True
            rates = []
            for month in range(YEARS * 12 + 2):
                day = self.start + timedelta(days=30 * month)
                drift = 1 + self.rng.uniform(-0.04, 0.04)
                rates.append({"name": day, "rate": rate * drift, "currency_id": currency.id})
            existing = self.env["res.currency.rate"].search(
                [("currency_id", "=", currency.id), ("company_id", "in", (False, self.company.id))]
            )
            existing.unlink()
            self.env["res.currency.rate"].create(rates)
            pricelists.append({"name": f"Bench {code}", "currency_id": currency.id})
        self.env["product.pricelist"].create(pricelists)

    def _salespeople(self):
        salesman = self.env.ref("sales_team.group_sale_salesman")
        leader = self.env.ref("sales_team.group_sale_salesman_all_leads")
        Users = self.env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
        values = []
        for index in range(SALESPEOPLE):
            name = self.rng.choice(FAMILY) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)
            values.append(
                {
                    "name": f"{name} {index + 1:02d}",
                    "login": f"bench_rep_{index + 1:02d}",
                    "email": f"bench_rep_{index + 1:02d}@example.com",
                    "tz": "Asia/Shanghai",
                    "groups_id": [(6, 0, [(leader if index % 10 == 0 else salesman).id])],
                }
            )
        users = Users.create(values)
        # One password hash for all (hashing 50 costs seconds): "bench".
        self.env.flush_all()
        self.sql(
            "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
            Users._crypt_context().hash("bench"),
            users.ids,
        )
        teams = self.env["crm.team"].create(
            [
                {
                    "name": f"Bench Team {team + 1}",
                    "user_id": users[team * 10].id,
                    "member_ids": [(6, 0, users[team * 10 : team * 10 + 10].ids)],
                }
                for team in range(TEAMS)
            ]
        )
        self.env.flush_all()
        self.sql(
            "CREATE TEMP TABLE bench_rep ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY u.id) AS rn, u.id AS user_id,"
            "       m.crm_team_id AS team_id"
            "  FROM res_users u JOIN crm_team_member m ON m.user_id = u.id"
            " WHERE m.crm_team_id = ANY(%s)",
            teams.ids,
        )

    def _products(self):
        Product = self.env["product.product"].with_context(mail_create_nolog=True)
        products = Product.create(
            [
                {"name": name, "list_price": price, "type": "consu", "sale_ok": True}
                for name, price in PRODUCTS
            ]
        )
        self.env.flush_all()
        self.sql(
            "CREATE TEMP TABLE bench_product ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY p.id) AS rn, p.id, t.name->>'en_US' AS name,"
            "       t.uom_id FROM product_product p"
            "  JOIN product_template t ON t.id = p.product_tmpl_id"
            " WHERE p.id = ANY(%s)",
            products.ids,
        )

    def _customers(self):
        self.seed_sql(1)
        self.sql(
            """
            INSERT INTO res_partner (name, complete_name, commercial_company_name, is_company,
                   active, type, customer_rank, supplier_rank, user_id, ref, lang, tz,
                   partner_share, autopost_bills, color, create_uid, write_uid, create_date,
                   write_date)
            SELECT n.name, n.name, n.name, TRUE, TRUE, 'contact', 1, 0, r.user_id,
                   %(prefix)s || lpad(n.g::text, 6, '0'), 'en_US', 'Asia/Shanghai', TRUE, 'ask', 0,
                   1, 1, %(start)s::timestamp + random() * interval '90 days',
                   now() at time zone 'UTC'
              FROM (SELECT g,
                           (%(cities)s)[1 + floor(random() * %(ncities)s)::int]
                           || (%(trades)s)[1 + floor(random() * %(ntrades)s)::int]
                           || (%(suffixes)s)[1 + floor(random() * %(nsuffixes)s)::int]
                           || ' ' || lpad(g::text, 5, '0') AS name,
                           1 + floor(random() * %(reps)s)::int AS rep
                      FROM generate_series(1, %(count)s) g) n
              JOIN bench_rep r ON r.rn = n.rep
            """,
            prefix=f"{PREFIX}C",
            start=self.start,
            cities=CITIES,
            ncities=len(CITIES),
            trades=TRADES,
            ntrades=len(TRADES),
            suffixes=SUFFIXES,
            nsuffixes=len(SUFFIXES),
            reps=SALESPEOPLE,
            count=self.scale["customers"],
        )
        self.sql(
            "UPDATE res_partner SET commercial_partner_id = id"
            " WHERE commercial_partner_id IS NULL AND ref LIKE %s",
            f"{PREFIX}C%",
        )

    def _orders(self):
        """Orders over the last 3 years: 80 % regular, 17 % key, 3 % strategic
        (company-currency amounts), 70 % USD, 15 % EUR, 15 % CNY; confirmed,
        except recent quotations and a few cancelled ones."""
        self.sql(
            "CREATE TEMP TABLE bench_customer ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY p.id) AS rn, p.id, p.user_id, r.team_id"
            "  FROM res_partner p JOIN bench_rep r ON r.user_id = p.user_id WHERE p.ref LIKE %s",
            f"{PREFIX}C%",
        )
        self.sql(
            "CREATE TEMP TABLE bench_pricelist ON COMMIT DROP AS "
            "SELECT p.id, p.currency_id, c.name AS code,"
            "       coalesce((SELECT r.rate FROM res_currency_rate r WHERE r.currency_id = c.id"
            "                  ORDER BY r.name DESC LIMIT 1), 1.0) AS rate"
            "  FROM product_pricelist p JOIN res_currency c ON c.id = p.currency_id"
            " WHERE p.name->>'en_US' LIKE 'Bench %%'"
        )
        self.seed_sql(2)
        days = (self.today - self.start).days
        self.sql(
            """
            CREATE TEMP TABLE bench_new_order ON COMMIT DROP AS
            SELECT g, c.id AS partner_id, c.user_id, c.team_id, o.date_order,
                   CASE WHEN o.date_order > now() - interval '20 days' AND o.r_state < 0.5
                             THEN CASE WHEN o.r_state < 0.25 THEN 'draft' ELSE 'sent' END
                        WHEN o.r_state > 0.96 THEN 'cancel'
                        ELSE 'sale' END AS state,
                   round((CASE WHEN o.r_tier < 0.03 THEN 500000 + random() * 1500000
                               WHEN o.r_tier < 0.20 THEN 100000 + random() * 400000
                               ELSE 1000 + random() * 98000 END)::numeric, 2) AS amount_company,
                   CASE WHEN o.r_cur < 0.70 THEN 'USD' WHEN o.r_cur < 0.85 THEN 'EUR'
                        ELSE 'CNY' END AS code,
                   o.date_order + (5 + floor(random() * 85)) * interval '1 day' AS commitment,
                   1 + floor(random() * %(nproducts)s)::int AS product_rn,
                   1 + floor(random() * 20)::int AS qty
              FROM (SELECT g, 1 + floor(random() * %(customers)s)::int AS customer_rn,
                           date_trunc('minute', %(start)s::timestamp
                               + power(random(), 0.8) * %(days)s * interval '1 day'
                               + interval '9 hours') AS date_order,
                           random() AS r_state, random() AS r_tier, random() AS r_cur
                      FROM generate_series(1, %(count)s) g) o
              JOIN bench_customer c ON c.rn = o.customer_rn
            """,
            nproducts=len(PRODUCTS),
            customers=self.scale["customers"],
            start=self.start,
            days=days,
            count=self.scale["orders"],
        )
        # power(random(), 0.8) favours recent dates a little: the business grows.
        self.sql(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                   user_id, team_id, company_id, date_order, state, pricelist_id, currency_id,
                   currency_rate, amount_untaxed, amount_tax, amount_total, commitment_date,
                   invoice_status, require_signature, require_payment, prepayment_percent,
                   locked, validity_date, create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || lpad(n.g::text, 7, '0'), n.partner_id, n.partner_id,
                   n.partner_id, n.user_id, n.team_id, %(company)s, n.date_order, n.state, p.id,
                   p.currency_id, p.rate, round(n.amount_company * p.rate, 2), 0,
                   round(n.amount_company * p.rate, 2), n.commitment,
                   CASE WHEN n.state = 'sale' THEN 'to invoice' ELSE 'no' END, TRUE, FALSE, 1.0,
                   FALSE, (n.date_order + interval '30 days')::date, n.user_id, n.user_id,
                   n.date_order, n.date_order
              FROM bench_new_order n JOIN bench_pricelist p ON p.code = n.code
             ORDER BY n.g
            """,
            prefix=PREFIX,
            company=self.company.id,
        )
        self.sql(
            """
            INSERT INTO sale_order_line (order_id, sequence, name, product_id, product_uom,
                   product_uom_qty, price_unit, technical_price_unit, discount, price_subtotal,
                   price_tax, price_total, price_reduce_taxexcl, price_reduce_taxinc,
                   customer_lead, qty_delivered, qty_invoiced, qty_to_invoice, invoice_status,
                   qty_delivered_method, untaxed_amount_invoiced, untaxed_amount_to_invoice,
                   currency_id, company_id, order_partner_id, salesman_id, state,
                   is_downpayment, is_expense, create_uid, write_uid, create_date, write_date)
            SELECT o.id, 10, pr.name, pr.id, pr.uom_id, n.qty,
                   round(o.amount_total / n.qty, 2), round(o.amount_total / n.qty, 2), 0,
                   o.amount_total, 0, o.amount_total, round(o.amount_total / n.qty, 2),
                   round(o.amount_total / n.qty, 2), 0, 0, 0,
                   CASE WHEN o.state = 'sale' THEN n.qty ELSE 0 END, o.invoice_status, 'manual',
                   0, CASE WHEN o.state = 'sale' THEN o.amount_total ELSE 0 END, o.currency_id,
                   o.company_id, o.partner_id, o.user_id, o.state, FALSE, FALSE, o.user_id,
                   o.user_id, o.date_order, o.date_order
              FROM bench_new_order n
              JOIN sale_order o ON o.name = %(prefix)s || lpad(n.g::text, 7, '0')
              JOIN bench_product pr ON pr.rn = n.product_rn
            """,
            prefix=PREFIX,
        )
        # What Odoo records on the way: the salesperson follows the order he
        # creates, the customer follows it once confirmed.
        self.sql(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'sale.order', o.id, follower.partner_id
              FROM sale_order o
              JOIN res_users u ON u.id = o.user_id
             CROSS JOIN LATERAL (VALUES (u.partner_id),
                                        (CASE WHEN o.state = 'sale' THEN o.partner_id END)
                                ) AS follower(partner_id)
             WHERE o.name LIKE %(prefix)s AND follower.partner_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """,
            prefix=f"{PREFIX}%",
        )
        self.sql("ANALYZE res_partner, sale_order, sale_order_line, mail_followers")

    # ------------------------------------------------------------------
    # Follow-up: what sales_followup adds
    # ------------------------------------------------------------------

    def _has_followup(self):
        return "sales_followup.step" in self.env

    def run_followup(self):
        if not self._has_followup():
            raise SystemExit("sales_followup is not installed in this database")
        if self.env["sales_followup.step"].search_count([("order_id.name", "=like", f"{PREFIX}%")]):
            raise SystemExit("the generated orders already have follow-up steps")
        log("follow-up data (%s interactions)", self.scale["interactions"])
        self.timed("tiers, delivery, risk", self._order_followup_fields)
        self.timed("customer codes", self._customer_codes)
        self.timed("plan steps", self._steps)
        self.timed("interactions", self._interactions)
        self.timed("reminders of open steps", self._activities)
        self.sql("ANALYZE sales_followup_step, sales_followup_interaction, mail_activity")
        self.env.invalidate_all()

    def _order_followup_fields(self):
        self.seed_sql(3)
        self.sql(
            """
            UPDATE sale_order o
               SET followup_tier_id = (
                       SELECT t.id FROM sales_followup_tier t
                        WHERE t.company_id = o.company_id AND t.active
                          AND t.min_amount
                              <= o.amount_total / coalesce(nullif(o.currency_rate, 0), 1)
                     ORDER BY t.min_amount DESC LIMIT 1),
                   followup_risk_warning = random() < 0.08,
                   followup_delivered_date = CASE
                       WHEN o.state = 'sale' AND o.commitment_date < now() - interval '5 days'
                       THEN (o.commitment_date + (floor(random() * 6) - 2) * interval '1 day')::date
                   END
             WHERE o.name LIKE %s
            """,
            f"{PREFIX}%",
        )
        self.sql(
            "UPDATE sale_order SET followup_special_requirements = %s"
            " WHERE followup_risk_warning AND name LIKE %s",
            "加急交付，木箱包装，需安排现场安装调试。",
            f"{PREFIX}%",
        )

    def _customer_codes(self):
        """Customers with a confirmed order have a code and a "customer since"
        date, as the add-on gives them on a first confirmation (or the
        segmentation to customers from before its installation). The codes
        ("CB" + date of the first order + number) cannot collide with those
        the add-on draws later ("C" + date)."""
        self.sql(
            """
            UPDATE res_partner p
               SET followup_customer_code = 'CB' || to_char(f.first_day, 'YYYYMMDD')
                       || lpad(f.rank::text, 4, '0'),
                   followup_cooperation_date = f.first_day
              FROM (SELECT partner_id, first_day,
                           row_number() OVER (PARTITION BY first_day ORDER BY partner_id) AS rank
                      FROM (SELECT partner_id, min(date_order)::date AS first_day
                              FROM sale_order
                             WHERE state = 'sale' AND name LIKE %s
                          GROUP BY partner_id) AS firsts) AS f
             WHERE p.id = f.partner_id AND p.followup_customer_code IS NULL
            """,
            f"{PREFIX}%",
        )

    def _steps(self):
        """One step per plan key, dated as the add-on plans them (working days
        approximated by calendar days x 7/5): first contact, cadence until the
        pre-delivery call, manager review when the tier asks for it, and the
        satisfaction survey after delivery. Past steps are mostly done, a few
        overdue; recent ones are planned."""
        self.seed_sql(4)
        self.sql(
            """
            CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
            WITH o AS (
                SELECT o.id AS order_id, o.partner_id, o.company_id, o.user_id,
                       o.followup_tier_id AS tier_id, o.date_order::date AS confirmed,
                       o.commitment_date::date AS delivery, o.followup_delivered_date AS delivered,
                       t.first_contact_days, t.cadence_days, t.manager_review,
                       t.manager_review_days, t.pre_delivery_days, t.satisfaction_days,
                       coalesce(team.user_id, o.user_id) AS manager_id
                  FROM sale_order o
                  JOIN sales_followup_tier t ON t.id = o.followup_tier_id
             LEFT JOIN crm_team team ON team.id = o.team_id
                 WHERE o.state = 'sale' AND o.name LIKE %(prefix)s
            ), first AS (
                SELECT o.*, o.confirmed + ceil(o.first_contact_days * 1.4)::int AS first_due,
                       greatest(o.delivery - ceil(o.pre_delivery_days * 1.4)::int, o.confirmed)
                           AS pre_due
                  FROM o
            )
            SELECT order_id, partner_id, company_id, tier_id, user_id, 'first_contact' AS kind,
                   'first_contact' AS plan_key, first_due AS date_due, delivered
              FROM first
            UNION ALL
            SELECT order_id, partner_id, company_id, tier_id, manager_id, 'manager_review',
                   'manager_review', confirmed + ceil(manager_review_days * 1.4)::int, delivered
              FROM first WHERE manager_review
            UNION ALL
            SELECT order_id, partner_id, company_id, tier_id, user_id, 'pre_delivery',
                   'pre_delivery', pre_due, delivered
              FROM first WHERE delivery IS NOT NULL
            UNION ALL
            SELECT f.order_id, f.partner_id, f.company_id, f.tier_id, f.user_id, 'cadence',
                   'cadence_' || k, f.first_due + k * ceil(f.cadence_days * 1.4)::int, f.delivered
              FROM first f
              JOIN LATERAL generate_series(1, 60) k
                ON f.first_due + k * ceil(f.cadence_days * 1.4)::int < f.pre_due
             WHERE f.cadence_days > 0
            UNION ALL
            SELECT order_id, partner_id, company_id, tier_id, user_id, 'satisfaction',
                   'satisfaction', delivered + ceil(satisfaction_days * 1.4)::int, delivered
              FROM first WHERE delivered IS NOT NULL
            """,
            prefix=f"{PREFIX}%",
        )
        self.sql(
            """
            INSERT INTO sales_followup_step (order_id, partner_id, company_id, tier_id, user_id,
                   kind, plan_key, topic, channel, date_due, state, date_done, create_uid,
                   write_uid, create_date, write_date)
            SELECT p.order_id, p.partner_id, p.company_id, p.tier_id, p.user_id, p.kind,
                   p.plan_key, NULL, CASE WHEN p.kind = 'manager_review' THEN 'other'
                                          ELSE 'phone' END,
                   p.date_due, s.state,
                   CASE WHEN s.state = 'done'
                        THEN least(p.date_due + interval '10 hours'
                                       + random() * interval '30 hours',
                                   now() at time zone 'UTC' - interval '3 hours')
                   END,
                   1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (SELECT *, random() AS r FROM bench_plan) p
             CROSS JOIN LATERAL (
                   SELECT CASE WHEN p.date_due >= current_date THEN 'planned'
                               WHEN p.date_due >= current_date - 14
                                   THEN CASE WHEN p.r < 0.6 THEN 'done' ELSE 'planned' END
                               WHEN p.r < 0.985 THEN 'done'
                               ELSE 'overdue' END AS state) s
             ORDER BY p.order_id, p.date_due
            """
        )

    def _interactions(self):
        """A share of the interactions fulfils done steps (linked both ways);
        the rest are free contacts on customers' orders, or on no order."""
        total = self.scale["interactions"]
        self.sql(
            "CREATE TEMP TABLE bench_order ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY id) AS rn, id, partner_id, user_id, company_id,"
            "       date_order FROM sale_order WHERE state = 'sale' AND name LIKE %s",
            f"{PREFIX}%",
        )
        self.sql("SELECT count(*) FROM bench_order")
        orders = self.cr.fetchone()[0]
        columns = SQL(
            "partner_id, order_id, step_id, company_id, user_id, date, date_logged, is_late,"
            " channel, kind, summary, mood, satisfaction, score_responsiveness,"
            " score_resolution, score_professionalism, score_proactiveness, exception_reason,"
            " exception_severity, exception_state, exception_resolution, create_uid,"
            " write_uid, create_date, write_date"
        )
        # Values shared by both inserts, from a row "x" with date, kind, r1..r3.
        values = SQL(
            """
            x.date, x.date + x.delay, x.delay > interval '2 hours',
            (%(channels)s)[1 + floor(x.r1 * %(nchannels)s)::int], x.kind,
            replace(replace(replace((%(summaries)s)[1 + floor(x.r2 * %(nsummaries)s)::int],
                    '{month}', (1 + floor(x.r3 * 12))::text),
                    '{pct}', (10 + floor(x.r3 * 90))::text),
                    '{week}', (1 + floor(x.r3 * 52))::text),
            (%(moods)s)[1 + floor(x.r3 * %(nmoods)s)::int],
            CASE WHEN x.kind = 'survey' THEN 3 + floor(x.r1 * 3)::int - (x.r2 < 0.05)::int * 2
                 ELSE 0 END,
            CASE WHEN x.kind = 'survey' THEN 3 + floor(x.r2 * 3)::int ELSE 0 END,
            CASE WHEN x.kind = 'survey' THEN 2 + floor(x.r3 * 4)::int ELSE 0 END,
            CASE WHEN x.kind = 'survey' THEN 3 + floor(x.r1 * 3)::int ELSE 0 END,
            CASE WHEN x.kind = 'survey' THEN 2 + floor(x.r2 * 4)::int ELSE 0 END,
            CASE WHEN x.kind = 'exception' THEN (ARRAY['delivery_delay', 'quality_mismatch',
                 'requirement_change', 'other'])[1 + floor(x.r1 * 4)::int] END,
            CASE WHEN x.kind = 'exception' THEN (ARRAY['low', 'medium', 'high'])
                 [1 + floor(x.r2 * 3)::int] END,
            CASE WHEN x.kind = 'exception' THEN CASE WHEN x.date > now() - interval '30 days'
                 THEN 'open' ELSE 'resolved' END END,
            CASE WHEN x.kind = 'exception' AND x.date <= now() - interval '30 days'
                 THEN %(resolution)s END,
            x.user_id, x.user_id, x.date + x.delay, x.date + x.delay
            """,
            channels=CHANNELS,
            nchannels=len(CHANNELS),
            summaries=SUMMARIES,
            nsummaries=len(SUMMARIES),
            moods=MOODS,
            nmoods=len(MOODS),
            resolution=RESOLUTION,
        )
        delay = SQL(
            "CASE WHEN random() < 0.9 THEN random() * interval '100 minutes'"
            " ELSE interval '2 hours' + random() * interval '30 hours' END"
        )
        self.seed_sql(5)
        self.sql(
            """
            INSERT INTO sales_followup_interaction (%(columns)s)
            SELECT x.partner_id, x.order_id, x.step_id, x.company_id, x.user_id, %(values)s
              FROM (SELECT s.partner_id, s.order_id, s.id AS step_id, s.company_id, s.user_id,
                           date_trunc('minute', s.date_done - interval '1 hour') AS date,
                           CASE s.kind WHEN 'pre_delivery' THEN 'pre_delivery'
                                       WHEN 'satisfaction' THEN 'survey'
                                       ELSE 'followup' END AS kind,
                           %(delay)s AS delay, random() AS r1, random() AS r2, random() AS r3
                      FROM sales_followup_step s
                     WHERE s.state = 'done' AND s.kind != 'manager_review'
                       AND s.order_id IN (SELECT id FROM bench_order)
                     ORDER BY s.id
                     LIMIT %(limit)s) x
            """,
            columns=columns,
            values=values,
            delay=delay,
            limit=int(total * 0.4),
        )
        linked = self.cr.rowcount
        self.sql(
            "UPDATE sales_followup_step s SET interaction_id = i.id"
            "  FROM sales_followup_interaction i"
            " WHERE i.step_id = s.id AND s.interaction_id IS NULL"
        )
        self.seed_sql(6)
        self.sql(
            """
            INSERT INTO sales_followup_interaction (%(columns)s)
            SELECT x.partner_id, x.order_id, NULL, x.company_id, x.user_id, %(values)s
              FROM (SELECT o.partner_id, CASE WHEN g.r_order < 0.9 THEN o.id END AS order_id,
                           o.company_id, o.user_id,
                           least(date_trunc('minute', o.date_order + g.r_day * interval '120 days'),
                                 date_trunc('minute', now() at time zone 'UTC'
                                     - interval '3 hours')) AS date,
                           (%(kinds)s)[1 + floor(g.r_kind * %(nkinds)s)::int] AS kind,
                           %(delay)s AS delay, random() AS r1, random() AS r2, random() AS r3
                      FROM (SELECT 1 + floor(random() * %(orders)s)::int AS rn,
                                   random() AS r_order, random() AS r_day, random() AS r_kind
                              FROM generate_series(1, %(count)s)) g
                      JOIN bench_order o ON o.rn = g.rn) x
            """,
            columns=columns,
            values=values,
            delay=delay,
            kinds=KINDS,
            nkinds=len(KINDS),
            orders=orders,
            count=total - linked,
        )

    def _activities(self):
        """The add-on's own code gives the orders with open steps their reminders."""
        self.sql(
            "SELECT DISTINCT order_id FROM sales_followup_step"
            " WHERE state IN ('planned', 'overdue') ORDER BY order_id"
        )
        order_ids = [row[0] for row in self.cr.fetchall()]
        sync_reminders(self.env, order_ids)
        log("  %s orders with open steps got their reminders", len(order_ids))


def sync_reminders(env, order_ids):
    """The reminders of these orders' open steps, through the add-on's own
    code, by thousands (the cache emptied between them)."""
    Order = env["sale.order"].with_context(
        mail_activity_quick_update=True, mail_create_nolog=True, tracking_disable=True
    )
    for start in range(0, len(order_ids), 1000):
        Order.browse(order_ids[start : start + 1000])._followup_sync_activities()
        env.flush_all()
        env.invalidate_all()


def main(env, argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--part", choices=("all", "core", "followup"), default="all")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    generator = Generator(env, args.scale, args.seed)
    started = time.perf_counter()
    if args.part in ("all", "core"):
        generator.run_core()
    if args.part in ("all", "followup"):
        generator.run_followup()
    log("generated in %.1f s", time.perf_counter() - started)


if __name__ == "__main__":
    main(globals()["env"])
