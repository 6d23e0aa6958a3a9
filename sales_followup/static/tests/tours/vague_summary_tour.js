/** @odoo-module **/
/**
 * A rep logs a call with an empty summary, "已與客戶溝通" ("communicated with
 * the customer"): the quick-log dialog refuses it with a message saying what
 * to write, keeps what was typed, and the step stays open.
 *
 * Registered twice: in English, and in Traditional Chinese for a rep whose
 * language is zh_TW (menus, buttons and the message in Chinese). Data from
 * sales_followup/tests/test_ui.py (TestFollowupTours): the rep has two open
 * steps on the order of "Yangtze Tooling": the first contact, due today, and
 * the pre-delivery confirmation.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const VAGUE = "已與客戶溝通";

function vagueSummarySteps(texts) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Follow-ups app",
            trigger: ".o_app[data-menu-xmlid='sales_followup.sales_followup_menu_root']",
            run: "click",
        },
        {
            content: "My Follow-ups",
            trigger: `.o_control_panel .o_breadcrumb:contains(${texts.myFollowups})`,
        },
        {
            content: "Two open steps",
            trigger: ".o_control_panel .o_pager_limit:contains(/^2$/)",
        },
        {
            content: "Open it",
            trigger: `.o_list_renderer .o_data_row:first:contains(Yangtze Tooling):contains(${texts.firstContact}) td[name=kind]`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_statusbar_status .o_arrow_button_current:contains(${texts.planned})`,
        },
        {
            content: "Log the call",
            trigger: `.o_form_view .o_statusbar_buttons button[name=action_log_interaction]:contains(${texts.logInteraction})`,
            run: "click",
        },
        {
            content: "Write an empty summary",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: `edit ${VAGUE}`,
        },
        {
            content: "Try to save it",
            trigger: `.modal .modal-footer button.btn-primary:contains(${texts.log})`,
            run: "click",
        },
        {
            content: "Refused: the message says why and what to write",
            trigger: `.modal .o_error_dialog:contains(${texts.tooVague}):contains(${VAGUE})`,
        },
        {
            trigger: `.modal .o_error_dialog:contains(${texts.advice})`,
        },
        {
            content: "Close the message",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The dialog is still there, with what was typed",
            trigger: `body:not(:has(.o_error_dialog)) .modal .o_field_widget[name=summary] textarea:value(${VAGUE})`,
        },
        {
            content: "Give up for now",
            trigger: `.modal .modal-footer button:contains(${texts.discard})`,
            run: "click",
        },
        {
            content: "The step is still open",
            trigger: `body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(${texts.planned})`,
        },
        {
            trigger: `.o_form_view .o_statusbar_buttons button[name=action_log_interaction]`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_followup_vague_summary", {
    url: "/odoo",
    steps: () =>
        vagueSummarySteps({
            myFollowups: "My Follow-ups",
            firstContact: "First Contact",
            planned: "Planned",
            logInteraction: "Log Interaction",
            log: "Log",
            discard: "Discard",
            tooVague: "The summary is too vague",
            advice: "Write what was said",
        }),
});

registry.category("web_tour.tours").add("sales_followup_vague_summary_zh_tw", {
    url: "/odoo",
    steps: () =>
        vagueSummarySteps({
            myFollowups: "我的跟進",
            firstContact: "首次跟進",
            planned: "已安排",
            logInteraction: "記錄互動",
            log: "記錄",
            discard: "捨棄",
            tooVague: "摘要過於籠統",
            advice: "請寫明溝通內容",
        }),
});
