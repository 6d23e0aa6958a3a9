/** @odoo-module **/
/**
 * A lead's first day (seed 001): the team leader grades it A with the
 * evaluation reason; the rep it is assigned to logs the first call from the
 * lead, and the first-contact step is done.
 *
 * Data from sales_followup_crm/tests/test_ui.py (TestLeadTour).
 */
import { registry } from "@web/core/registry";

const REASON = "Budget approved by the dean, purchase planned for March.";
const SUMMARY = "The dean confirmed forty workstations and a visit of the lab on Thursday.";

registry.category("web_tour.tours").add("sales_followup_crm_leader_grades", {
    steps: () => [
        {
            content: "Open the lead's follow-up tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Lead Follow-up)",
            run: "click",
        },
        {
            content: "Grade it A",
            trigger: ".o_notebook .o_field_widget[name=followup_grade] select",
            run: 'select "a"',
        },
        {
            content: "with the evaluation reason",
            trigger: ".o_notebook .o_field_widget[name=followup_grade_reason] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The leader is the evaluator",
            trigger: ".o_form_saved .o_notebook .o_field_widget[name=followup_graded_by_id]:contains(Wang Lei)",
        },
    ],
});

registry.category("web_tour.tours").add("sales_followup_crm_rep_first_call", {
    steps: () => [
        {
            content: "Log the first call from the lead",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_followup_log_interaction]",
            run: "click",
        },
        {
            content: "The quick log knows the plan step",
            trigger: ".modal .o_field_widget[name=step_id] input:value(/First Contact/)",
        },
        {
            content: "Write what was said",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: `edit ${SUMMARY}`,
        },
        {
            content: "Save the log",
            trigger: ".modal .modal-footer button.btn-primary:contains(Log)",
            run: "click",
        },
        {
            content: "Open the lead's follow-up tab",
            trigger: "body:not(:has(.modal)) .o_form_view .o_notebook .nav-link:contains(Lead Follow-up)",
            run: "click",
        },
        {
            content: "The first contact is done",
            trigger:
                ".o_notebook .o_field_widget[name=followup_step_ids] .o_data_row:contains(First Contact):contains(Done)",
        },
    ],
});
