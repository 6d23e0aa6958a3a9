"""Who may read, search, write and delete what, as real users.

The matrix of ``access_matrix.py`` is the specification (the RPC suite reads
it too); each (model, role, record, operation) is one cell, asserted both
ways: what is allowed works, what is not raises AccessError (or, for a
search, finds nothing where Odoo hides records from someone who may use the
model).
"""

from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .access_matrix import (
    CONFIG_MATRIX,
    FOLLOWUP_MATRIX,
    NO_ACCESS_ROLES,
    NO_ACCESS_ROLES_BY_MODEL,
    OPERATIONS,
    REPORT_MATRIX,
    WRITE_VALUES,
)
from .common_privacy import SUMMARY, PrivacyCommon


@tagged("post_install", "-at_install")
class TestAccessMatrix(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "rep_a": cls.rep_a,
            "rep_b": cls.rep_b,
            "team_leader": cls.team_leader,
            "all_documents": cls.leader,
            "manager": cls.manager,
            "portal": cls.portal_user,
            "public": cls.public_user,
        }
        cls.records = {
            "sales_followup.step": {"a": cls.step_a, "b": cls.step_b, "c2": cls.step_2},
            "sales_followup.interaction": {
                "a": cls.interaction_a,
                "b": cls.interaction_b,
                "c2": cls.interaction_2,
            },
            "sales_followup.care.plan": {
                "a": cls.care_plan_a,
                "b": cls.care_plan_b,
                "c2": cls.care_plan_2,
            },
            "sales_followup.care.action": {
                "a": cls.care_action_a,
                "b": cls.care_action_b,
                "c2": cls.care_action_2,
            },
            "sales_followup.commitment": {
                "a": cls._commitment(cls.interaction_a, cls.rep_a),
                "b": cls._commitment(cls.interaction_b, cls.rep_b),
                "c2": cls._commitment(cls.interaction_2, cls.env.user),
            },
            "sales_followup.complaint": {
                "a": cls.complaint_a,
                "b": cls.complaint_b,
                "c2": cls.complaint_2,
            },
            "sales_followup.tier": {"a": cls.tier_key, "c2": cls.tier_2},
            "sales_followup.care.template": {"a": cls.care_template, "c2": cls.care_template_2},
            "sales_followup.care.template.line": {
                "a": cls.care_template_line,
                "c2": cls.care_template_line_2,
            },
            "sales_followup.monthly.report": {"a": cls.report, "c2": cls.report_2},
        }

    @classmethod
    def _commitment(cls, interaction, keeper):
        """A promise made in ``interaction``, kept by ``keeper``."""
        return cls.env["sales_followup.commitment"].create(
            {
                "interaction_id": interaction.id,
                "name": "Send the test report.",
                "user_id": keeper.id,
                "date_deadline": date(2099, 1, 1),
            }
        )

    def _fresh_copy(self, record):
        """A record like ``record`` to delete, so that the others stay."""
        defaults = {
            "sales_followup.tier": {"code": "copy", "name": "Copy"},
            "sales_followup.step": {"kind": "custom"},
            "sales_followup.interaction": {"step_id": False},
            # One plan in progress per customer: the copy is a closed one.
            "sales_followup.care.plan": {"state": "closed"},
            # One active template per segment and company.
            "sales_followup.care.template": {"active": False},
            # One report per company and month.
            "sales_followup.monthly.report": {"date_from": date(2025, 1, 1)},
        }
        return record.copy(defaults.get(record._name, {}))

    def _assert_cell(self, model, role, key, operation, allowed):
        user = self.roles[role]
        record = self.records[model][key]
        as_user = record.with_user(user)
        if operation == "read":
            if allowed:
                self.assertEqual(as_user.read(["id"]), [{"id": record.id}])
            else:
                with self.assertRaises(AccessError):
                    as_user.read(["id"])
        elif operation == "search":
            Model = self.env[model].with_user(user)
            domain = [("id", "=", record.id)]
            if role in NO_ACCESS_ROLES_BY_MODEL.get(model, NO_ACCESS_ROLES):
                with self.assertRaises(AccessError):
                    Model.search_count(domain)
            else:
                self.assertEqual(Model.search_count(domain), 1 if allowed else 0)
        elif operation == "write":
            values = WRITE_VALUES[model]
            if allowed:
                as_user.write(values)
                fname, value = next(iter(values.items()))
                self.assertEqual(str(record[fname]), value)
            else:
                with self.assertRaises(AccessError):
                    as_user.write(values)
        elif operation == "unlink":
            if allowed:
                copy = self._fresh_copy(record)
                copy.with_user(user).unlink()
                self.assertFalse(copy.exists())
            else:
                with self.assertRaises(AccessError):
                    as_user.unlink()
                self.assertTrue(record.exists())

    def _check_matrix(self, model, matrix):
        cells = 0
        for role, by_record in matrix.items():
            for key, allowed_ops in by_record.items():
                for letter, operation in OPERATIONS.items():
                    allowed = letter in allowed_ops
                    with self.subTest(model=model, role=role, record=key, op=operation):
                        self._assert_cell(model, role, key, operation, allowed)
                    cells += 1
        return cells

    def test_step_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.step", FOLLOWUP_MATRIX), 68)

    def test_interaction_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.interaction", FOLLOWUP_MATRIX), 68)

    def test_care_plan_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.care.plan", FOLLOWUP_MATRIX), 68)

    def test_care_action_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.care.action", FOLLOWUP_MATRIX), 68)

    def test_commitment_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.commitment", FOLLOWUP_MATRIX), 68)

    def test_complaint_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.complaint", FOLLOWUP_MATRIX), 68)

    def test_tier_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.tier", CONFIG_MATRIX), 36)

    def test_monthly_report_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.monthly.report", REPORT_MATRIX), 28)

    def test_care_template_matrix(self):
        self.assertEqual(self._check_matrix("sales_followup.care.template", CONFIG_MATRIX), 36)
        self.assertEqual(self._check_matrix("sales_followup.care.template.line", CONFIG_MATRIX), 36)


@tagged("post_install", "-at_install")
class TestAccessRules(PrivacyCommon):
    """The clauses of the rules one by one, creation, and the companies."""

    def test_rep_sees_through_each_ownership(self):
        Interaction = self.env["sales_followup.interaction"]
        # Salesperson of the customer: logged by someone else, no order.
        on_customer = Interaction.create({"partner_id": self.customer_a.id, "summary": SUMMARY})
        # Salesperson of the order, though the customer is rep B's.
        order = self._create_order(150_000, partner=self.customer_b, user_id=self.rep_a.id)
        on_order = Interaction.create({"order_id": order.id, "summary": SUMMARY})
        # Responsible of a step on rep B's order.
        step = self.env["sales_followup.step"].create(
            {
                "order_id": self.order_b.id,
                "kind": "custom",
                "date_due": "2026-05-04",
                "user_id": self.rep_a.id,
            }
        )
        for record in (on_customer, on_order, step):
            with self.subTest(record=record):
                record.with_user(self.rep_a).read(["id"])
        with self.assertRaises(AccessError):
            on_customer.with_user(self.rep_b).read(["id"])
        # Rep B owns the customer of the order: both see it.
        on_order.with_user(self.rep_b).read(["id"])

    def test_team_leader_sees_team_members_customers(self):
        """An interaction without order, on a customer of a team member, logged
        by someone outside the team."""
        interaction = self.env["sales_followup.interaction"].create(
            {"partner_id": self.customer_a.id, "summary": SUMMARY}
        )
        self.assertEqual(
            interaction.with_user(self.team_leader).read(["id"]), [{"id": interaction.id}]
        )
        self.assertFalse(
            self.env["sales_followup.interaction"]
            .with_user(self.team_leader)
            .search_count([("id", "in", (self.interaction_b | self.interaction_2).ids)])
        )

    def test_rep_cannot_create_for_others(self):
        Interaction = self.env["sales_followup.interaction"].with_user(self.rep_a)
        with self.assertRaises(AccessError):
            Interaction.create({"partner_id": self.customer_b.id, "summary": SUMMARY})
        with self.assertRaises(AccessError):
            self.env["sales_followup.step"].with_user(self.rep_a).create(
                {"order_id": self.order_b.id, "kind": "custom", "date_due": "2026-05-04"}
            )
        own = Interaction.create({"partner_id": self.customer_a.id, "summary": SUMMARY})
        self.assertEqual(own.user_id, self.rep_a)

    def test_rep_cannot_create_care_for_others(self):
        with self.assertRaises(AccessError):
            self.env["sales_followup.care.action"].with_user(self.rep_a).create(
                {"plan_id": self.care_plan_b.id, "name": "Visit", "date_planned": "2026-06-02"}
            )
        self.care_plan_b.state = "closed"
        with self.assertRaises(AccessError):
            self.env["sales_followup.care.plan"].with_user(self.rep_a).create(
                {"partner_id": self.customer_b.id, "segment": "new", "user_id": self.rep_a.id}
            )
        own = (
            self.env["sales_followup.care.action"]
            .with_user(self.rep_a)
            .create({"plan_id": self.care_plan_a.id, "name": "Visit", "date_planned": "2026-06-02"})
        )
        self.assertEqual(own.partner_id, self.customer_a)

    def test_portal_and_public_create_nothing(self):
        for user in (self.portal_user, self.public_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sales_followup.interaction"].with_user(user).create(
                    {"partner_id": self.customer_a.id, "summary": SUMMARY}
                )

    def test_manager_sees_companies_he_works_in(self):
        """A manager of both companies sees the second one's data only while
        it is among his allowed companies."""
        manager = new_test_user(
            self.env,
            login="sf_manager_both",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company_2).ids)],
        )
        records = self.interaction_a | self.interaction_2
        Interaction = self.env["sales_followup.interaction"].with_user(manager)
        domain = [("id", "in", records.ids)]
        self.assertEqual(
            Interaction.with_context(allowed_company_ids=self.company.ids).search(domain),
            self.interaction_a,
        )
        self.assertEqual(
            Interaction.with_context(
                allowed_company_ids=(self.company | self.company_2).ids
            ).search(domain),
            records,
        )

    def test_portal_reads_own_order_without_followup_data(self):
        """The customer's portal user reads the order, not its follow-up fields."""
        self.portal_user.partner_id.parent_id = self.customer_a
        self.order_a.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        order = self.order_a.with_user(self.portal_user)
        self.assertEqual(order.read(["name"])[0]["name"], self.order_a.name)
        followup_fields = [
            fname for fname in self.env["sale.order"]._fields if fname.startswith("followup_")
        ]
        self.assertGreaterEqual(len(followup_fields), 9)
        for fname in followup_fields:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                order.read([fname])
        self.assertFalse(set(followup_fields) & set(order.fields_get()))

        # His company: readable (Odoo's portal rule), its follow-up profile not.
        customer = self.customer_a.with_user(self.portal_user)
        self.assertEqual(customer.read(["name"])[0]["name"], self.customer_a.name)
        partner_fields = [
            fname for fname in self.env["res.partner"]._fields if fname.startswith("followup_")
        ]
        self.assertGreaterEqual(len(partner_fields), 30)
        for fname in partner_fields:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                customer.read([fname])
        self.assertFalse(set(partner_fields) & set(customer.fields_get()))
