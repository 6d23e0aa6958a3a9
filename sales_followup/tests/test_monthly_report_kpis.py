from odoo.tests import TransactionCase, tagged

from ..report.monthly_report_kpis import (
    AMOUNT,
    AVERAGE,
    COUNT,
    KPIS,
    RATE,
    RATIO,
    definitions,
    readme_definitions,
)
from .monthly_report_common import readme_kpi_definitions


@tagged("post_install", "-at_install")
class TestMonthlyReportKpiTable(TransactionCase):
    """The KPI table is whole: each entry has its field, its query or its
    basis, its definition; and the README says what the report says."""

    def test_readme_definitions_are_the_reports(self):
        block = readme_kpi_definitions(self, "sales_followup")
        self.assertEqual(
            block,
            readme_definitions(self.env),
            "The README's KPI definitions differ from report/monthly_report_kpis.py: "
            "paste readme_definitions()'s table between the README's markers.",
        )

    def test_base_kpis_first(self):
        """Bridge add-ons add KPIs after the base's, whose table stays whole."""
        kpis = self.env["sales_followup.monthly.report"]._followup_kpis()
        self.assertEqual(kpis[: len(KPIS)], KPIS)
        keys = [kpi.key for kpi in kpis]
        self.assertEqual(len(keys), len(set(keys)))

    def test_each_kpi_is_a_stored_field_of_its_kind(self):
        field_types = {
            COUNT: "integer",
            AMOUNT: "monetary",
            RATE: "float",
            RATIO: "float",
            AVERAGE: "float",
        }
        Report = self.env["sales_followup.monthly.report"]
        report_fields = Report._fields
        for kpi in Report._followup_kpis():
            field = report_fields[kpi.key]
            self.assertEqual(field.type, field_types[kpi.kind], kpi.key)
            self.assertTrue(field.store and field.readonly, kpi.key)
            if kpi.kind in (RATE, RATIO, AVERAGE):
                self.assertEqual(field.aggregator, "avg", kpi.key)

    def test_each_kpi_is_computed_or_derived(self):
        Report = self.env["sales_followup.monthly.report"]
        kpis = Report._followup_kpis()
        by_key = {kpi.key: kpi for kpi in kpis}
        queries = Report._followup_kpi_queries()
        for kpi in kpis:
            if kpi.kind in (RATE, RATIO):
                self.assertFalse(kpi.query or kpi.aggregate, kpi.key)
                self.assertEqual([by_key[key].kind for key in kpi.basis], [COUNT, COUNT], kpi.key)
                continue
            self.assertIn(kpi.query, queries, kpi.key)
            self.assertTrue(kpi.aggregate, kpi.key)
            if kpi.kind == AVERAGE:
                # The number of scores comes from the same rows as the average.
                basis = by_key[kpi.basis]
                self.assertEqual((basis.kind, basis.query), (COUNT, kpi.query), kpi.key)

    def test_each_kpi_is_defined_once(self):
        """On the Definitions sheet, each definition once, after the term it uses."""
        kpis = self.env["sales_followup.monthly.report"]._followup_kpis()
        listed = [id(definition) for definition in definitions(kpis=kpis)]
        self.assertEqual(len(listed), len(set(listed)))
        for kpi in kpis:
            position = listed.index(id(kpi.definition))
            if kpi.definition.requires:
                self.assertLess(listed.index(id(kpi.definition.requires)), position, kpi.key)
