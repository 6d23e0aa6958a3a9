/** @odoo-module **/
/**
 * A sales manager generates the monthly report of a past month and downloads
 * its workbook: Reporting > Monthly Reports, Generate, pick the month, see
 * the figures of that month, then Download, which must hand over an XLSX
 * file named after the month and the company.
 *
 * Data from sales_followup/tests/test_ui.py (TestFollowupTours): the
 * manager works in "Tour Trading Co.", which confirmed two orders (200,000
 * and 50,000) in the month twelve months before the current one.
 */
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function reportMonth() {
    return luxon.DateTime.now().startOf("month").minus({ months: 12 });
}

/**
 * What the Download button does, without leaving the page: ask the report
 * for its download action (the button's method), then fetch that URL as the
 * browser would. A real click would navigate to the file, leaving the tour
 * nothing to look at. The answer must be the workbook, named after the month
 * and the company.
 */
async function downloadWorkbook() {
    const reportId = parseInt(browser.location.pathname.split("/").pop());
    const orm = odoo.__WOWL_DEBUG__.root.env.services.orm;
    const action = await orm.call("sales_followup.monthly.report", "action_download", [[reportId]]);
    if (action.type !== "ir.actions.act_url" || action.target !== "download") {
        throw new Error(`Download is not a file download: ${JSON.stringify(action)}`);
    }
    const response = await fetch(action.url);
    if (!response.ok) {
        throw new Error(`Download of ${action.url} answered ${response.status}`);
    }
    const type = response.headers.get("Content-Type") || "";
    const disposition = response.headers.get("Content-Disposition") || "";
    const expectedName = `monthly-report-${reportMonth().toFormat("yyyy-MM")}-Tour_Trading_Co_.xlsx`;
    if (!type.startsWith(XLSX)) {
        throw new Error(`Download is ${type}, not an XLSX workbook`);
    }
    if (!disposition.includes("attachment") || !disposition.includes(expectedName)) {
        throw new Error(`Download is not the attachment ${expectedName}: ${disposition}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    // An XLSX workbook is a zip archive: "PK".
    if (bytes.length < 1000 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
        throw new Error(`Download is not a workbook (${bytes.length} bytes)`);
    }
    document.body.dataset.sfDownloaded = expectedName;
}

registry.category("web_tour.tours").add("sales_followup_manager_report", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Follow-ups app",
            trigger: ".o_app[data-menu-xmlid='sales_followup.sales_followup_menu_root']",
            run: "click",
        },
        {
            content: "Reporting",
            trigger: ".o_menu_sections .dropdown-toggle[data-menu-xmlid='sales_followup.sales_followup_report_menu']",
            run: "click",
        },
        {
            content: "Monthly Reports",
            trigger: ".dropdown-item[data-menu-xmlid='sales_followup.sales_followup_monthly_report_menu']",
            run: "click",
        },
        {
            content: "No report yet: the empty page says how they come",
            trigger: ".o_view_nocontent:contains(No monthly report yet)",
        },
        {
            content: "Generate one",
            trigger: ".o_control_panel button:contains(Generate)",
            run: "click",
        },
        {
            content: "for the month twelve months ago",
            trigger: ".modal .o_field_widget[name=month] select",
            async run(helpers) {
                await helpers.select(`"${reportMonth().month}"`);
            },
        },
        {
            trigger: ".modal .o_field_widget[name=year] input",
            async run(helpers) {
                await helpers.edit(String(reportMonth().year));
            },
        },
        {
            content: "Generate",
            trigger: ".modal .modal-footer button[name=action_generate]",
            run: "click",
        },
        {
            content: "The report opens with the month and the company",
            trigger: `body:not(:has(.modal)) .o_form_view .oe_title:contains(${reportMonth().toFormat(
                "yyyy-MM"
            )}):contains(Tour Trading Co.)`,
        },
        {
            content: "Two orders confirmed that month",
            trigger: ".o_form_view .o_field_widget[name=order_count]:contains(/^2$/)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=order_amount]:contains(250,000.00)",
        },
        {
            content: "The workbook is there",
            trigger: ".o_form_view .o_field_widget[name=xlsx_file]:contains(.xlsx)",
        },
        {
            content: "Download it (the button's action, fetched)",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_download]",
            run: downloadWorkbook,
        },
        {
            content: "The workbook came",
            trigger: "body[data-sf-downloaded]",
        },
        {
            content: "The report is listed among the monthly reports",
            trigger: ".o_breadcrumb a:contains(Monthly Reports)",
            run: "click",
        },
        {
            trigger: `.o_list_renderer .o_data_row:contains(${reportMonth().setLocale("en-US").toFormat("MMMM yyyy")})`,
        },
    ],
});
