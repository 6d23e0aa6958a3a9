from odoo.tests import tagged

from ..report.monthly_report_xlsx import CHART_ROWS
from .monthly_report_common import MonthlyReportCommon


@tagged("post_install", "-at_install")
class TestMonthlyReportPrint(MonthlyReportCommon):
    """The workbook as it prints: rows as tall as their wrapped text, wide
    sheets on two pages wide with their first column repeated, charts whole
    on a page of their own, and a Chinese font for Chinese readers."""

    def _header_row(self, sheet):
        """The header row, the one frozen above the data."""
        return int(sheet.freeze_panes[1:]) - 1

    def _wrapped_columns(self, sheet, header_row):
        """Indexes of the columns whose cells wrap, read from the workbook."""
        return [
            index for index, cell in enumerate(sheet[header_row + 1]) if cell.alignment.wrap_text
        ]

    def test_wrapped_rows_are_as_tall_as_their_lines(self):
        workbook = self._workbook(self._generate())
        checked = 0
        for name, first_header in (
            ("Order Follow-up", "Order Number"),
            ("Interactions", "Customer Code"),
            ("Definitions", "Metric"),
        ):
            sheet = workbook[name]
            header_row, __, rows = self._table(sheet, first_header)
            wrapped = self._wrapped_columns(sheet, header_row)
            self.assertTrue(wrapped, name)
            for offset, row in enumerate(rows, start=1):
                # At least one line per line break of the tallest cell.
                lines = max(
                    (str(row[index]).count("\n") + 1 for index in wrapped if row[index]),
                    default=1,
                )
                height = sheet.row_dimensions[header_row + offset].height
                if lines > 1:
                    checked += 1
                    self.assertGreaterEqual(height or 0, 15 * lines, f"{name} row {offset}")
            # The definitions are long sentences in one line each: wrapped
            # by width, their rows are taller than one line.
            if name == "Definitions":
                self.assertTrue(
                    any(
                        (sheet.row_dimensions[header_row + offset].height or 0) > 15
                        for offset in range(1, len(rows) + 1)
                    )
                )
        self.assertGreater(checked, 0)

    def test_header_row_fits_its_labels(self):
        sheet = self._workbook(self._generate())["Order Follow-up"]
        header_row, header, __ = self._table(sheet, "Order Number")
        self.assertIn("Amount (Company Currency)", header)
        # 25 characters in a column 15 wide: two lines at least.
        self.assertGreaterEqual(sheet.row_dimensions[header_row].height, 30)

    def test_print_settings(self):
        workbook = self._workbook(self._generate())
        summary = workbook["Summary"]
        self.assertTrue(summary.sheet_properties.pageSetUpPr.fitToPage)
        self.assertEqual(summary.page_setup.fitToWidth or 1, 1)  # 1 is the default
        self.assertIsNone(summary.print_title_cols)
        for name in ("Order Follow-up", "Interactions", "Salespeople"):
            sheet = workbook[name]
            header_row = self._header_row(sheet)
            self.assertEqual(sheet.page_setup.orientation, "landscape", name)
            # Too wide for one readable page: two pages wide, row bands
            # printed left then right, the first column on both.
            self.assertEqual(sheet.page_setup.fitToWidth, 2, name)
            self.assertEqual(sheet.page_setup.fitToHeight, 0, name)
            self.assertEqual(sheet.page_setup.pageOrder, "overThenDown", name)
            self.assertEqual(sheet.print_title_cols, "$A:$A", name)
            self.assertEqual(sheet.print_title_rows, f"${header_row}:${header_row}", name)

    def test_trend_charts_on_a_page_of_their_own(self):
        trend = self._workbook(self._generate())["Trend"]
        header_row, __, rows = self._table(trend, "Month")
        last_row = header_row + len(rows)
        # Twelve rows fit one page: no header repeated over the charts.
        self.assertIsNone(trend.print_title_rows)
        # A blank row, then a page break (after row last_row + 1).
        self.assertEqual([brk.id for brk in trend.row_breaks.brk], [last_row + 1])
        anchors = sorted(
            (chart.anchor._from.row, chart.anchor._from.col) for chart in trend._charts
        )
        # Two one row below the break (0-based: last_row + 2), side by side
        # in columns A and G; the third below the first.
        self.assertEqual(
            anchors, [(last_row + 2, 0), (last_row + 2, 6), (last_row + 2 + CHART_ROWS, 0)]
        )

    def test_chinese_workbook_names_a_chinese_font(self):
        for lang, font, month in (
            ("zh_CN", "Microsoft YaHei", "2026年4月"),
            ("zh_TW", "Microsoft JhengHei", "2026年4月"),
            ("en_US", "Calibri", "April 2026"),
        ):
            self.env["res.lang"]._activate_lang(lang)
            self.env = self.env(context=dict(self.env.context, lang=lang))
            summary = self._workbook(self._generate()).worksheets[0]
            header_row = self._header_row(summary)
            self.assertEqual(summary["A1"].font.name, font, lang)
            self.assertEqual(summary.cell(header_row, 1).font.name, font, lang)
            # The month as its reader writes it, in the column header.
            self.assertEqual(summary.cell(header_row, 2).value, month, lang)
            self.assertIn(month, summary.oddHeader.center.text, lang)

    def test_month_on_screen_as_its_reader_writes_it(self):
        """The reports' list and the generate dialog show "April 2026" /
        "2026年4月" and month names, not 04/01/2026, 4 and 2,026."""
        report = self._generate()
        wizard = self.env["sales_followup.monthly.report.wizard"]
        for lang, period, april in (
            ("zh_CN", "2026年4月", "四月"),
            ("zh_TW", "2026年4月", "4月"),
            ("en_US", "April 2026", "April"),
        ):
            self.env["res.lang"]._activate_lang(lang)
            self.assertEqual(report.with_context(lang=lang).period, period, lang)
            months = dict(
                wizard.with_context(lang=lang)
                ._fields["month"]
                ._description_selection(wizard.with_context(lang=lang).env)
            )
            self.assertEqual(months["4"], april, lang)
