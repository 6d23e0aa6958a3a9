/** @odoo-module **/
/**
 * A short-lead order, as a rep enters it: a quotation of 30 commissioning
 * days (600,000: a Strategic order) without a delivery date, confirmed. Its
 * plan says "No delivery date — plan incomplete", on the order and in My
 * Follow-ups, and lists its steps in due order with no pre-delivery step.
 * The rep gives the delivery date, in 3 days: the warning goes and the
 * pre-delivery confirmation comes after the first contact.
 *
 * Data from sales_followup/tests/test_ui_plan.py (TestPlanTour): the
 * customer "Pearl River Foods", the service "Line Commissioning Day" at 20,000,
 * a company calendar where every day is a working day.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import tourUtils from "@sale/js/tours/tour_utils";

const WARNING = "No delivery date — plan incomplete";

function inDays(days) {
    return luxon.DateTime.now().plus({ days }).startOf("day");
}

/** The plan's steps are listed by due date, earliest first. */
function assertDueOrder() {
    const cells = document.querySelectorAll(
        ".o_form_view .o_field_widget[name=followup_step_ids] .o_data_row td[name=date_due]"
    );
    const dates = [...cells].map((cell) =>
        luxon.DateTime.fromFormat(cell.textContent.trim(), "MM/dd/yyyy")
    );
    if (dates.length < 2 || dates.some((date) => !date.isValid)) {
        throw new Error(`Unreadable due dates: ${[...cells].map((c) => c.textContent)}`);
    }
    for (let index = 1; index < dates.length; index++) {
        if (dates[index] < dates[index - 1]) {
            throw new Error(`Steps not in due order: ${[...cells].map((c) => c.textContent)}`);
        }
    }
}

function followupTab() {
    return {
        content: "The order's Follow-up tab",
        trigger: ".o_form_view .o_notebook a[name=followup]",
        run: "click",
    };
}

/** The row of the plan's ``kind`` step due on ``date``. */
function stepRow(kind, date) {
    return `.o_data_row:has(td[name=kind]:contains(${kind})):has(td[name=date_due]:contains(${date.toFormat("MM/dd/yyyy")}))`;
}

const PLAN = ".o_form_view .o_field_widget[name=followup_step_ids]";

registry.category("web_tour.tours").add("sales_followup_short_lead_plan", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections .dropdown-toggle[data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            content: "Quotations",
            trigger: ".dropdown-item[data-menu-xmlid='sale.menu_sale_quotations']",
            run: "click",
        },
        {
            content: "A new quotation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        ...tourUtils.selectCustomer("Pearl River Foods"),
        ...tourUtils.addProduct("Line Commissioning Day"),
        {
            content: "30 days",
            trigger: ".o_selected_row .o_field_widget[name=product_uom_qty] input",
            run: "edit 30",
        },
        ...tourUtils.clickSomewhereElse(),
        {
            content: "600,000 in all",
            trigger: ".o_form_view .o_field_widget[name=tax_totals]:contains(600,000.00)",
        },
        {
            content: "No delivery date given: confirm",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]:enabled",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Sales Order)",
        },
        followupTab(),
        {
            content: "A Strategic order",
            trigger: ".o_form_view .o_field_widget[name=followup_tier_id]:contains(Strategic Order)",
        },
        {
            content: "whose plan is incomplete, and says so",
            trigger: `.o_form_view .alert-warning .o_field_widget[name=followup_plan_warning]:contains(${WARNING})`,
        },
        {
            content: "First contact tomorrow",
            trigger: `${PLAN} ${stepRow("First Contact", inDays(1))}`,
        },
        {
            content: "no pre-delivery step",
            trigger:
                ".o_form_view .o_field_widget[name=followup_step_ids]:not(:has(td[name=kind]:contains(Pre-delivery)))",
        },
        {
            content: "the steps in due order",
            trigger: ".o_form_view .o_field_widget[name=followup_step_ids] .o_data_row",
            run: assertDueOrder,
        },
        {
            content: "My Follow-ups",
            trigger: ".o_menu_sections .dropdown-toggle[data-menu-xmlid='sales_followup.sale_followup_menu']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='sales_followup.sale_followup_step_my_menu']",
            run: "click",
        },
        {
            content: "The first contact carries the warning",
            trigger: `.o_list_renderer .o_data_row:contains(Pearl River Foods):contains(First Contact) td[name=plan_warning]:contains(${WARNING})`,
        },
        {
            content: "Open it",
            trigger:
                ".o_list_renderer .o_data_row:contains(Pearl River Foods):contains(First Contact) td[name=kind]",
            run: "click",
        },
        {
            content: "The step says so too",
            trigger: `.o_form_view .alert-warning .o_field_widget[name=plan_warning]:contains(${WARNING})`,
        },
        {
            content: "Back to the order",
            trigger: ".o_form_view .o_field_widget[name=order_id] a",
            run: "click",
        },
        followupTab(),
        {
            content: "Delivery in 3 days",
            trigger: ".o_form_view .o_field_widget[name=commitment_date] input",
            run: `edit ${inDays(3).set({ hour: 10 }).toFormat("MM/dd/yyyy HH:mm:ss")} && press Tab`,
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The warning is gone",
            trigger: ".o_form_view .o_notebook:not(:has(.o_field_widget[name=followup_plan_warning]))",
        },
        {
            content: "The pre-delivery confirmation comes after the first contact",
            trigger: `${PLAN} ${stepRow("First Contact", inDays(1))} ~ ${stepRow("Pre-delivery Confirmation", inDays(2))}`,
        },
        {
            content: "all in due order",
            trigger: ".o_form_view .o_field_widget[name=followup_step_ids] td[name=kind]:contains(Pre-delivery)",
            run: assertDueOrder,
        },
    ],
});
