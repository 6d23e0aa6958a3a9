"""A small layer over xlsxwriter for reports meant to be read and printed.

Plain Python over Odoo's xlsxwriter (``odoo.tools.misc.xlsxwriter``, whose
workbook also makes sheet names valid for Excel): the caller passes
translated labels and plain values. Every sheet gets a title block, one
header row that is frozen, filtered and repeated on each printed page,
column widths and formats, rows as tall as their wrapped text, and the print
setup (A4 landscape, fit to one page wide, or to two with the first column
repeated when one page would print too small; company and period in the page
header, page numbers in the footer). Chinese workbooks name a Chinese font,
so that Excel and LibreOffice do not fall back to a Japanese one.

The workbook is written in ``constant_memory`` mode: each row goes to a
temporary file as soon as the next one starts, so memory does not grow with
the number of rows. Rows must therefore be written top to bottom, headers
first, which is what :meth:`ReportWorkbook.add_table` does.
"""

import io
import math
import unicodedata
from datetime import date, datetime

from odoo.tools.misc import xlsxwriter

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
# What an A4 landscape page holds at 100 %, in column-width units (the width
# of a digit), between the margins set below; and the smallest print scale
# that stays readable: a wider sheet prints on two pages wide, or more.
PAGE_WIDTH = 150
MIN_SCALE = 0.7
# Row heights, in points, of one line of 11 pt text; Chinese fonts are taller.
LINE_HEIGHT = 15
CJK_LINE_HEIGHT = 17
MAX_ROW_HEIGHT = 409  # Excel's limit
# Chinese fonts by language, with the character set that tells Excel and
# LibreOffice which script to fall back to when the font is not installed.
CJK_FONTS = {
    "zh_CN": ("Microsoft YaHei", 134),  # GB2312
    "zh_SG": ("Microsoft YaHei", 134),
    "zh_TW": ("Microsoft JhengHei", 136),  # Big5
    "zh_HK": ("Microsoft JhengHei", 136),
}


def text_width(text):
    """Width of one line of ``text`` in column-width units: East Asian wide
    characters take two."""
    if text.isascii():  # most cells of an English workbook: no lookup
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrapped_lines(text, width):
    """How many lines ``text`` takes once wrapped in a column ``width`` wide."""
    usable = max(width - 1, 1)
    # Latin text wraps at spaces, which wastes about a tenth of each line;
    # Chinese wraps between any two characters.
    return sum(
        max(1, math.ceil(text_width(line) * (1.1 if line.isascii() else 1) / usable))
        for line in str(text).split("\n")
    )


def _header_text(text):
    """Page header text with Excel's control character escaped."""
    return (text or "").replace("&", "&&")


class ReportWorkbook:
    """One workbook: ``add_table`` and ``add_rows`` for sheets, ``close`` for the bytes."""

    def __init__(self, header_left, header_center, not_available="n/a", lang=None):
        self.output = io.BytesIO()
        font = CJK_FONTS.get(lang or "")
        self.book = xlsxwriter.Workbook(
            self.output,
            {
                "constant_memory": True,
                # Free text is data, never a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_format_properties": (
                    {"font_name": font[0], "font_charset": font[1]} if font else {}
                ),
            },
        )
        self.font_name = font and font[0]
        self.line_height = CJK_LINE_HEIGHT if font else LINE_HEIGHT
        self.header_left = header_left
        self.header_center = header_center
        self.not_available = not_available
        self.note = self.book.add_format({"italic": True, "font_color": "#595959"})
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
        self.bold_na = self.book.add_format(
            {"align": "right", "font_color": "#808080", "bold": True, "top": 1}
        )
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

    def _print_setup(self, sheet, title, header_row, columns, repeat_header=True):
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        width = sum(column_width for __, column_width, __kind in columns)
        pages = max(1, math.ceil(width * MIN_SCALE / PAGE_WIDTH))
        sheet.fit_to_pages(pages, 0)  # as many pages long as needed
        if pages > 1:
            # Each band of rows printed left page then right page, the first
            # column (what the row is about) on both.
            sheet.print_across()
            sheet.repeat_columns(0)
        if repeat_header:
            sheet.repeat_rows(header_row)
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        font = f'&"{self.font_name},Regular"' if self.font_name else ""
        left = _header_text(self.header_left)[:100]
        center = _header_text(f"{title} · {self.header_center}")[: HEADER_MAX - len(left) - 60]
        sheet.set_header(f"&L{font}{left}&C{font}&B{center}")
        sheet.set_footer("&RPage &P / &N")

    def add_sheet(self, name, title, subtitles, columns, repeat_header=True):
        """A sheet with its title block and header row; returns (sheet, header row)."""
        sheet = self.book.add_worksheet(name)
        for index, (__, width, __kind) in enumerate(columns):
            sheet.set_column(index, index, width)
        sheet.write(0, 0, title, self.title)
        row = 1
        for line in subtitles:
            sheet.write(row, 0, line, self.subtitle)
            row += 1
        header_row = row + 1
        # Bold labels are a little wider than plain text: one unit of margin.
        lines = max(wrapped_lines(label, width - 1) for label, width, __kind in columns)
        sheet.set_row(header_row, min(lines * self.line_height + 4, MAX_ROW_HEIGHT))
        for index, (label, __, __kind) in enumerate(columns):
            sheet.write(header_row, index, label, self.header)
        sheet.freeze_panes(header_row + 1, 0)
        self._print_setup(sheet, title, header_row, columns, repeat_header=repeat_header)
        return sheet, header_row

    def row_height(self, values, columns):
        """The height that shows every line of the row's wrapped cells, or
        None when one line is enough (the sheet's default height)."""
        lines = max(
            (
                wrapped_lines(value, width)
                for value, (__, width, kind) in zip(values, columns, strict=True)
                if kind == WRAP and isinstance(value, str) and value
            ),
            default=1,
        )
        if lines <= 1:
            return None
        return min(lines * self.line_height, MAX_ROW_HEIGHT)

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
            sheet.write_string(row, col, self.not_available, self.bold_na if bold else self.na)
        elif kind in (DATE, DATETIME):
            if isinstance(value, datetime | date):
                sheet.write_datetime(row, col, value, formats[kind])
            else:
                sheet.write_string(row, col, str(value), formats[TEXT])
        elif kind in (TEXT, WRAP):
            sheet.write_string(row, col, str(value), formats[kind])
        else:
            sheet.write_number(row, col, value, formats[kind])

    def add_rows(self, sheet, header_row, columns, rows, total=None, empty_note=None):
        """Write ``rows`` (iterables of values) under the header, then an
        optional bold ``total`` row; returns the last data row written.

        Without any row, ``empty_note`` says so below the header, after a
        blank row: the table itself stays empty for filters and readers."""
        row = header_row
        for values in rows:
            row += 1
            values = list(values)
            height = self.row_height(values, columns)
            if height:
                sheet.set_row(row, height)
            for col, (value, (__, __width, kind)) in enumerate(zip(values, columns, strict=True)):
                self.write_value(sheet, row, col, value, kind)
        last_data_row = row
        sheet.autofilter(header_row, 0, max(last_data_row, header_row), len(columns) - 1)
        if row == header_row and empty_note:
            row += 2
            sheet.write_string(row, 0, empty_note, self.note)
        if total is not None:
            row += 1
            for col, (value, (__, __width, kind)) in enumerate(zip(total, columns, strict=True)):
                self.write_value(sheet, row, col, value, kind, bold=True)
        return last_data_row

    def add_table(
        self, name, title, subtitles, columns, rows, total=None, empty_note=None, repeat_header=True
    ):
        """A whole list sheet; returns (sheet, header row, last data row)."""
        sheet, header_row = self.add_sheet(
            name, title, subtitles, columns, repeat_header=repeat_header
        )
        last = self.add_rows(sheet, header_row, columns, rows, total=total, empty_note=empty_note)
        return sheet, header_row, last

    def add_chart(self, sheet, kind, cell, title, series, y_axis, options=None):
        """A native chart: ``series`` are dicts of xlsxwriter series options.
        Sized to print whole beside another one on an A4 landscape page."""
        chart = self.book.add_chart({"type": kind, **(options or {})})
        for values in series:
            chart.add_series(values)
        chart.set_title({"name": title})
        chart.set_y_axis(y_axis)
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 500, "height": 320})
        sheet.insert_chart(cell, chart)
        return chart

    def close(self):
        self.book.close()
        return self.output.getvalue()
