"""A small layer over xlsxwriter for reports meant to be read and printed.

Pure Python (xlsxwriter only): the caller passes translated labels and plain
values. Every sheet gets a title block, one header row that is frozen,
filtered and repeated on each printed page, column widths and formats, and
the print setup (A4 landscape, fit to the page width, company and period in
the page header, page numbers in the footer).

The workbook is written in ``constant_memory`` mode: each row goes to a
temporary file as soon as the next one starts, so memory does not grow with
the number of rows. Rows must therefore be written top to bottom, headers
first, which is what :meth:`ReportWorkbook.add_table` does.
"""

import io
from datetime import date, datetime

import xlsxwriter

# Column kinds and their number formats.
TEXT = "text"
WRAP = "wrap"
DATE = "date"
DATETIME = "datetime"
INTEGER = "integer"
AMOUNT = "amount"
DECIMAL = "decimal"
PERCENT = "percent"
POINTS = "points"

NUMBER_FORMATS = {
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    INTEGER: "#,##0",
    AMOUNT: "#,##0.00",
    DECIMAL: "0.00",
    PERCENT: "0.0%",
    # Change of a rate, in percentage points.
    POINTS: '+0.0" pp";-0.0" pp";0.0" pp"',
}
HEADER_MAX = 250  # Excel refuses page headers longer than 255 characters.


def _header_text(text):
    """Page header text with Excel's control character escaped."""
    return (text or "").replace("&", "&&")


class ReportWorkbook:
    """One workbook: ``add_table`` and ``add_rows`` for sheets, ``close`` for the bytes."""

    def __init__(self, header_left, header_center, not_available="n/a"):
        self.output = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.output,
            {
                "constant_memory": True,
                # Free text is data, never a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.header_left = header_left
        self.header_center = header_center
        self.not_available = not_available
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.subtitle = self.book.add_format({"italic": True, "font_color": "#595959"})
        self.header = self.book.add_format(
            {
                "bold": True,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.bold = self.book.add_format({"bold": True})
        self.na = self.book.add_format({"align": "right", "font_color": "#808080", "valign": "top"})
        self.formats = {
            kind: self.book.add_format({"num_format": fmt, "valign": "top"})
            for kind, fmt in NUMBER_FORMATS.items()
        }
        self.formats[TEXT] = self.book.add_format({"valign": "top"})
        self.formats[WRAP] = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.bold_formats = {
            kind: self.book.add_format({"num_format": fmt, "bold": True, "top": 1})
            for kind, fmt in NUMBER_FORMATS.items()
        }
        self.bold_formats[TEXT] = self.bold_formats[WRAP] = self.book.add_format(
            {"bold": True, "top": 1}
        )

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------

    def _print_setup(self, sheet, title, header_row):
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many long as needed
        sheet.repeat_rows(header_row)
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        left = _header_text(self.header_left)[:100]
        center = _header_text(f"{title} · {self.header_center}")[: HEADER_MAX - len(left) - 20]
        sheet.set_header(f"&L{left}&C&B{center}")
        sheet.set_footer("&RPage &P / &N")

    def add_sheet(self, name, title, subtitles, columns):
        """A sheet with its title block and header row; returns (sheet, header row)."""
        # Excel refuses these characters and more than 31 characters in a sheet name.
        name = "".join("-" if char in "[]:*?/\\" else char for char in name)[:31]
        sheet = self.book.add_worksheet(name)
        for index, (__, width, __kind) in enumerate(columns):
            sheet.set_column(index, index, width)
        sheet.write(0, 0, title, self.title)
        row = 1
        for line in subtitles:
            sheet.write(row, 0, line, self.subtitle)
            row += 1
        header_row = row + 1
        sheet.set_row(header_row, 30)
        for index, (label, __, __kind) in enumerate(columns):
            sheet.write(header_row, index, label, self.header)
        sheet.freeze_panes(header_row + 1, 0)
        self._print_setup(sheet, title, header_row)
        return sheet, header_row

    def write_value(self, sheet, row, col, value, kind, bold=False):
        """Write one typed cell: ``None`` is "n/a" for numbers (empty for text
        and dates), ``""`` is an empty cell of any kind.

        Empty cells of data rows are not written at all: their formats show
        nothing (no border, no fill), and the detail sheets have hundreds of
        thousands of them. Those of a bold total row carry its top border."""
        formats = self.bold_formats if bold else self.formats
        if (isinstance(value, str) and not value) or (
            (value is None or value is False) and kind in (TEXT, WRAP, DATE, DATETIME)
        ):
            if bold:
                sheet.write_blank(row, col, None, formats[kind])
        elif value is None or value is False:
            sheet.write_string(row, col, self.not_available, self.na)
        elif kind in (DATE, DATETIME):
            if isinstance(value, datetime | date):
                sheet.write_datetime(row, col, value, formats[kind])
            else:
                sheet.write_string(row, col, str(value), formats[TEXT])
        elif kind in (TEXT, WRAP):
            sheet.write_string(row, col, str(value), formats[kind])
        else:
            sheet.write_number(row, col, value, formats[kind])

    def add_rows(self, sheet, header_row, columns, rows, total=None):
        """Write ``rows`` (iterables of values) under the header, then an
        optional bold ``total`` row; returns the last data row written."""
        row = header_row
        for values in rows:
            row += 1
            for col, (value, (__, __width, kind)) in enumerate(zip(values, columns, strict=True)):
                self.write_value(sheet, row, col, value, kind)
        last_data_row = row
        sheet.autofilter(header_row, 0, max(last_data_row, header_row), len(columns) - 1)
        if total is not None:
            row += 1
            for col, (value, (__, __width, kind)) in enumerate(zip(total, columns, strict=True)):
                if value is None and col:
                    sheet.write_blank(row, col, None, self.bold_formats[TEXT])
                else:
                    self.write_value(sheet, row, col, value, kind, bold=True)
        return last_data_row

    def add_table(self, name, title, subtitles, columns, rows, total=None):
        """A whole list sheet; returns (sheet, header row, last data row)."""
        sheet, header_row = self.add_sheet(name, title, subtitles, columns)
        last = self.add_rows(sheet, header_row, columns, rows, total=total)
        return sheet, header_row, last

    def add_chart(self, sheet, kind, cell, title, series, y_axis, options=None):
        """A native chart: ``series`` are dicts of xlsxwriter series options."""
        chart = self.book.add_chart({"type": kind, **(options or {})})
        for values in series:
            chart.add_series(values)
        chart.set_title({"name": title})
        chart.set_y_axis(y_axis)
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 720, "height": 300})
        sheet.insert_chart(cell, chart)
        return chart

    def close(self):
        self.book.close()
        return self.output.getvalue()
