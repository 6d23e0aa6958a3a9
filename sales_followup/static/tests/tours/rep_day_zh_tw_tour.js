/** @odoo-module **/
/**
 * A rep's day in Traditional Chinese: the plan was confirmed by someone
 * working in English, yet My Follow-ups shows the rep the steps and their
 * topics in Chinese (the Regular tier's key topics); the rep opens the step
 * due today, logs the call in the quick-log dialog, and the step is done.
 *
 * Data from sales_followup/tests/test_ui.py (TestFollowupTours.test_rep_day_zh_tw):
 * the rep (zh_TW) has the first contact of an order of "Yangtze Tooling" due
 * today and its pre-delivery confirmation later on.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The Regular tier's key topics, in Traditional Chinese (i18n/zh_TW.po).
const TOPICS = "確認訂單資訊；出貨提醒";
const SUMMARY = "採購經理陳*確認了 20 台的數量和交貨日期，出貨後請提供物流追蹤連結。";

registry.category("web_tour.tours").add("sales_followup_rep_day_zh_tw", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Follow-ups app",
            trigger: ".o_app[data-menu-xmlid='sales_followup.sales_followup_menu_root']",
            run: "click",
        },
        {
            content: "My Follow-ups, in Chinese",
            trigger: ".o_control_panel .o_breadcrumb:contains(我的跟進)",
        },
        {
            content: "The first contact, its topics in Chinese",
            trigger: `.o_list_renderer .o_data_row:first:contains(Yangtze Tooling):contains(首次跟進) td[name=topic]:contains(${TOPICS})`,
        },
        {
            content: "and the pre-delivery confirmation's",
            trigger:
                ".o_list_renderer .o_data_row:eq(1) td[name=topic]:contains(確認收貨地址、收貨人和時間)",
        },
        {
            content: "No English topic in the list",
            trigger: ".o_list_renderer:not(:has(td[name=topic]:contains(Confirm)))",
        },
        {
            content: "Open the step due today",
            trigger: ".o_list_renderer .o_data_row:first td[name=kind]",
            run: "click",
        },
        {
            content: "The step is planned",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(已安排)",
        },
        {
            content: "Its topics in Chinese",
            trigger: `.o_form_view .o_field_widget[name=topic] textarea:value(/${TOPICS}/)`,
        },
        {
            content: "Log the call",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_log_interaction]:contains(記錄互動)",
            run: "click",
        },
        {
            content: "The quick log shows the talking points in Chinese",
            trigger: `.modal .o_field_widget[name=step_topic]:contains(${TOPICS})`,
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
            content: "Save the log",
            trigger: ".modal .modal-footer button.btn-primary:contains(記錄)",
            run: "click",
        },
        {
            content: "The dialog closes and the step is done",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(完成)",
        },
        {
            content: "and nothing left to log on it",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_log_interaction]))",
        },
    ],
});
