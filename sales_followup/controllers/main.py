from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class MonthlyReportController(http.Controller):
    @http.route(
        "/sales_followup/monthly_report/<int:report_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def monthly_report_xlsx(self, report_id):
        """The report's workbook, for sales follow-up managers only; a report
        of a company the user may not read is "not found"."""
        if not request.env.user.has_group("sales_followup.group_followup_manager"):
            raise Forbidden()
        report = request.env["sales_followup.monthly.report"].browse(report_id)
        try:
            if not report.exists():
                raise NotFound()
            report.check_access("read")
            if not report.xlsx_file:
                raise NotFound()
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        stream = request.env["ir.binary"]._get_stream_from(
            report,
            "xlsx_file",
            filename=report.xlsx_filename,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return stream.get_response(as_attachment=True)
