/** @odoo-module **/
/**
 * A rep opens a manager's page by its address (a link passed on, a bookmark):
 * the monthly reports. Instead of the page and then the model's raw access
 * error, a dialog says whom the page is for.
 *
 * Data from sales_followup/tests/test_action_access.py (TestRestrictedPages).
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_followup_manager_page_refused", {
    steps: () => [
        {
            content: "A dialog says whom the page is for",
            trigger:
                ".modal .modal-body:contains(“Monthly Reports” is for Sales Follow-up / Manager. Ask your manager)",
        },
        {
            content: "not the model's access error",
            trigger: ".modal:not(:contains(sales_followup.monthly.report))",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "No monthly report was shown",
            trigger: "body:not(:has(.modal)):not(:has(.o_list_view))",
        },
    ],
});
