/** @odoo-module **/
/**
 * From an unhappy customer to a closed complaint: on an interaction scored
 * 2/5, the rep raises a complaint in one click (customer, order and the
 * customer's words carried over), records the visit and its cause, sends
 * it for approval; the sales vice-president (the tour's user, an approver)
 * approves; the result is given to the customer, scored, and the complaint
 * closed. Each stage moves the status bar one step, none can be skipped.
 *
 * Data from sales_followup/tests/test_complaint.py (TestComplaintTour).
 */
import { registry } from "@web/core/registry";

function stage(label) {
    return {
        content: `Stage: ${label}`,
        trigger: `.o_form_view .o_statusbar_status .o_arrow_button_current:contains(${label})`,
    };
}

function clickHeader(name) {
    return {
        content: `Click ${name}`,
        trigger: `.o_form_view .o_statusbar_buttons button[name=${name}]`,
        run: "click",
    };
}

function openTab(label) {
    return {
        content: `Open the ${label} page`,
        trigger: `.o_notebook .nav-link:contains(${label})`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("sales_followup_complaint", {
    steps: () => [
        {
            content: "The unhappy customer's interaction",
            trigger: ".o_breadcrumb:contains(Pearl River Foods)",
        },
        clickHeader("action_followup_raise_complaint"),
        {
            content: "A new complaint, the customer's words carried over",
            trigger: ".o_form_view .o_field_widget[name=description] textarea",
        },
        {
            content: "Category: service behaviour",
            trigger: ".o_form_view .o_field_widget[name=category] select",
            run: `select "service_behaviour"`,
        },
        {
            content: "Save the complaint",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        stage("Registered"),
        {
            content: "The visit is due in 2 working days",
            trigger: ".o_form_view .o_field_widget[name=date_visit_deadline]:not(:empty)",
        },
        openTab("Visit and Cause"),
        {
            trigger: ".o_form_view .o_field_widget[name=cause] select",
            run: `select "service_fault"`,
        },
        {
            trigger: ".o_form_view .o_field_widget[name=visit_notes] textarea",
            run: "edit The crew confirmed they left packing waste behind.",
        },
        clickHeader("action_record_visit"),
        stage("Visited, Being Routed"),
        openTab("Quality Control and Corrective Action"),
        {
            trigger: ".o_form_view .o_field_widget[name=corrective_proposal] textarea",
            run: "edit Site clean-up checklist signed by the customer.",
        },
        {
            content: "The corrective action's owner",
            trigger: ".o_form_view .o_field_widget[name=corrective_user_id] input",
            run: "edit Lin Wei",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains(Lin Wei)",
            run: "click",
        },
        {
            content: "and its deadline",
            trigger: ".o_form_view .o_field_widget[name=corrective_deadline] input",
            run: `edit ${luxon.DateTime.now().plus({ days: 10 }).toFormat("MM/dd/yyyy")}`,
        },
        clickHeader("action_submit_approval"),
        stage("Awaiting Approval"),
        openTab("Approval and Result"),
        {
            trigger: ".o_form_view .o_field_widget[name=approval_comment] textarea",
            run: "edit Apologise and offer a free site visit.",
        },
        clickHeader("action_approve"),
        stage("Approved"),
        {
            trigger: ".o_form_view .o_field_widget[name=customer_result] textarea",
            run: "edit Apologised; the free site visit is booked.",
        },
        clickHeader("action_reply"),
        stage("Result Given"),
        openTab("Quality Control and Corrective Action"),
        {
            trigger: ".o_form_view .o_field_widget[name=corrective_result] textarea",
            run: "edit Checklist in use from today.",
        },
        clickHeader("action_corrective_done"),
        {
            content: "The corrective action is done",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_corrective_done]))",
        },
        openTab("Approval and Result"),
        {
            content: "The customer's satisfaction with the result",
            trigger: ".o_form_view .o_field_widget[name=satisfaction] input",
            run: "edit 4",
        },
        clickHeader("action_close"),
        stage("Closed"),
    ],
});
