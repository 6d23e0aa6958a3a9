"""What a manager sees on the customer and dashboard screens (issue 23):
the customer code as a badge, revenue with its currency, the attention
list's warnings as one readable badge, overdue groups open, charts without
a "Sum" line, no random sample figures on the monthly reports."""

from lxml import etree

from odoo.tests import Form, tagged

from .test_segment import SegmentCommon


@tagged("post_install", "-at_install")
class TestCustomerScreens(SegmentCommon):
    def _arch(self, xmlid):
        view = self.env.ref(xmlid)
        return etree.fromstring(self.env[view.model].get_view(view.id)["arch"])

    def test_customer_form(self):
        customer = self._customer("Harbour Light Ceramics")
        self._order_on(customer, "2026-03-02", 12_345)
        self.env["sales_followup.interaction"].create(
            {
                "partner_id": customer.id,
                "date": "2026-01-15 10:00:00",
                "channel": "visit",
                "kind": "followup",
                "summary": "Showed the kiln line to their engineers; they asked for a quotation.",
            }
        )
        customer = self._segment(customer, "2026-03-03")
        form = Form(customer)
        self.assertEqual(str(form.followup_customer_since), "2026-01-15")
        self.assertEqual(form.followup_revenue_12m, 12_345)
        self.assertEqual(customer.followup_currency_id, self.company.currency_id)
        self.assertEqual(
            customer.fields_get(["followup_revenue_12m"])["followup_revenue_12m"]["type"],
            "monetary",
        )
        arch = self._arch("sales_followup.res_partner_view_form_glance")
        title_code = arch.xpath(
            "//div[hasclass('oe_title')]//field[@name='followup_customer_code']"
        )
        self.assertEqual(title_code[0].get("widget"), "badge")
        # No input box for the code anywhere on the form.
        for node in arch.xpath("//field[@name='followup_customer_code']"):
            self.assertIn(node.get("readonly"), ("1", "True"))
        # The monetary widget reads the currency from the form.
        revenue = arch.xpath("//field[@name='followup_revenue_12m']")[0]
        self.assertEqual(revenue.get("widget"), "monetary")
        self.assertTrue(arch.xpath("//field[@name='followup_currency_id']"))

    def test_attention_list_warnings_as_one_badge(self):
        arch = self._arch("sales_followup.res_partner_view_list_attention")
        names = arch.xpath("//field/@name")
        self.assertFalse({name for name in names if name.startswith("followup_warning_")})
        warnings = arch.xpath("//field[@name='followup_warnings']")[0]
        self.assertEqual(warnings.get("widget"), "badge")

    def test_exception_chart_in_severity_colours(self):
        # Odoo colours series by position: the add-on's graph colours
        # severity as its badges do (static/src/views/severity_graph_view.js).
        arch = self._arch("sales_followup.sales_followup_interaction_view_graph_exception")
        self.assertEqual(arch.get("js_class"), "sales_followup_severity_graph")
        self.assertEqual(arch.xpath("//field/@name"), ["exception_reason", "exception_severity"])

    def test_overdue_groups_open(self):
        arch = self._arch("sales_followup.sales_followup_step_view_list_overdue")
        self.assertEqual(arch.get("expand"), "1")

    def test_charts_without_sum_line(self):
        # Odoo draws a "Sum" line over stacked bars of several series.
        for xmlid in (
            "sales_followup.sales_followup_step_view_graph",
            "sales_followup.sales_followup_interaction_view_graph_exception",
            "sales_followup.sales_followup_interaction_view_graph",
            "sales_followup.sales_followup_customer_stats_view_graph",
        ):
            with self.subTest(xmlid):
                self.assertEqual(self._arch(xmlid).get("stacked"), "0")

    def test_monthly_reports_without_sample_figures(self):
        for xmlid in (
            "sales_followup.sales_followup_monthly_report_view_list",
            "sales_followup.sales_followup_monthly_report_view_graph",
            "sales_followup.sales_followup_monthly_report_view_pivot",
        ):
            with self.subTest(xmlid):
                self.assertFalse(self._arch(xmlid).get("sample"))
        help_text = self.env.ref("sales_followup.sales_followup_monthly_report_action").help
        self.assertIn("o_view_nocontent_smiling_face", help_text)
