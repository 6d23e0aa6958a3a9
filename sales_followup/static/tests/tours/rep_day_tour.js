/** @odoo-module **/
/**
 * A sales rep's day, as the rep sees it: My Follow-ups with the late step
 * first, the step due today opened and its call logged in the quick-log
 * dialog, which closes on the rep's next step of the plan, the step done,
 * the next reminders scheduled on the order, and one step fewer in the
 * list.
 *
 * Data from sales_followup/tests/test_ui.py (TestFollowupTours): the rep has
 * four open steps, on the orders of "Pearl River Foods" (first contact,
 * overdue) and "Yangtze Tooling" (first contact, due today), each with its
 * pre-delivery confirmation later on.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const SUMMARY =
    "Purchasing manager Chen* confirmed the 20 units and the delivery date; " +
    "asked for the tracking link once shipped.";
const NEXT_ACTION = "Send the logistics tracking link";

function inTwoDays() {
    return luxon.DateTime.now().plus({ days: 2 }).toFormat("MM/dd/yyyy");
}

registry.category("web_tour.tours").add("sales_followup_rep_day", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Follow-ups app",
            trigger: ".o_app[data-menu-xmlid='sales_followup.sales_followup_menu_root']",
            run: "click",
        },
        {
            content: "The app opens on My Follow-ups, filtered on the rep's open steps",
            trigger: ".o_control_panel .o_breadcrumb:contains(My Follow-ups)",
        },
        {
            trigger: ".o_searchview .o_facet_value:contains(My Follow-ups)",
        },
        {
            content: "Four open steps",
            trigger: ".o_control_panel .o_pager_limit:contains(/^4$/)",
        },
        {
            content: "The overdue step comes first, in red",
            trigger:
                ".o_list_renderer .o_data_row:first.text-danger:contains(Pearl River Foods):contains(First Contact):contains(Overdue)",
        },
        {
            content: "then the one due today",
            trigger:
                ".o_list_renderer .o_data_row:eq(1):contains(Yangtze Tooling):contains(First Contact):contains(Planned)",
        },
        {
            content: "Open the step due today",
            trigger: ".o_list_renderer .o_data_row:eq(1) td[name=kind]",
            run: "click",
        },
        {
            content: "The step is planned",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Planned)",
        },
        {
            trigger: ".o_form_view .oe_title:contains(First Contact)",
        },
        {
            content: "Log the call",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_log_interaction]",
            run: "click",
        },
        {
            content: "The quick log knows the customer and the plan step",
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Yangtze Tooling)",
        },
        {
            trigger: ".modal .o_field_widget[name=step_id] input:value(/First Contact/)",
        },
        {
            content: "Write what was said",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: `edit ${SUMMARY}`,
        },
        {
            content: "The customer's mood",
            trigger: ".modal .o_field_widget[name=mood] select",
            run: 'select "satisfied"',
        },
        {
            content: "What happens next",
            trigger: ".modal .o_field_widget[name=next_action] input",
            run: `edit ${NEXT_ACTION} && press Tab`,
        },
        {
            content: "By when",
            trigger: ".modal .o_field_widget[name=next_action_date] input",
            run: `edit ${inTwoDays()} && press Tab`,
        },
        {
            content: "Save the log",
            trigger: ".modal .modal-footer button.btn-primary:contains(Log)",
            run: "click",
        },
        {
            content: "The dialog closes on what comes next: the pre-delivery confirmation",
            trigger: ".o_notification:contains(Logged — next step:):contains(Pre-delivery Confirmation)",
        },
        {
            content: "and the step is done",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
        {
            content: "fulfilled by the interaction just logged",
            trigger: ".o_form_view .o_field_widget[name=interaction_id] input:value(Yangtze Tooling)",
        },
        {
            content: "and nothing left to log on it",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_log_interaction]))",
        },
        {
            content: "Open the order",
            trigger: ".o_form_view .o_field_widget[name=order_id] a",
            run: "click",
        },
        {
            content: "The plan's next step is scheduled as the rep's activity",
            trigger: ".o-mail-Chatter .o-mail-Activity:contains(Pre-delivery Confirmation)",
        },
        {
            content: "and so is the next action of the call",
            trigger: `.o-mail-Chatter .o-mail-Activity:contains(${NEXT_ACTION})`,
        },
        {
            content: "The call shows on the order's Follow-up tab",
            trigger: ".o_form_view .o_notebook a[name=followup]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=followup_interaction_ids] .o_data_row:contains(tracking link)",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=followup_step_ids] .o_data_row:contains(First Contact):contains(Done)",
        },
        {
            content: "Back to My Follow-ups",
            trigger: ".o_breadcrumb a:contains(My Follow-ups)",
            run: "click",
        },
        {
            content: "Three open steps left",
            trigger: ".o_control_panel .o_pager_limit:contains(/^3$/)",
        },
        {
            content: "the late one still first, the logged one gone",
            trigger:
                ".o_list_renderer .o_data_row:first:contains(Pearl River Foods):contains(First Contact)",
        },
        {
            trigger:
                ".o_list_renderer:not(:has(.o_data_row:contains(Yangtze Tooling):contains(First Contact)))",
        },
    ],
});
