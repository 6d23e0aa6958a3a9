/** @odoo-module **/
/**
 * Everything a Sales user needs is reachable from the menus, by clicking:
 * the home menu, the app, its top-bar section, the menu item (and, on the
 * settings page, the block and the setting). Each path is given as the
 * README writes it; sales_followup/tests/test_ui_navigation.py checks that
 * every README path is one of these (or the start of one).
 *
 * sales_followup_menus_rep: a salesperson with the follow-up user group
 * reaches quotations, orders and the follow-up menus, but not the managers'.
 * sales_followup_menus_admin: the administrator, in developer mode, reaches
 * the Sales settings' Order Follow-up block, the configuration and the
 * technical menus.
 *
 * Data from sales_followup/tests/test_ui_navigation.py: the rep has a
 * quotation and an order for "Pearl River Foods". The bridges' tours
 * follow their apps' paths with menuPath() and settingsPath().
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** A selector's :contains() for exactly ``text``. */
function exactly(text) {
    return `:contains(/^${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$/)`;
}

/**
 * Steps that follow ``path`` from the home menu: the app, then its top-bar
 * section (a dropdown, or an entry), the group headers and the item inside
 * the dropdown. ``title``: the breadcrumb of the action the item opens
 * (the item's own name if not given); ``opened``: what shows the page is
 * open, instead of the breadcrumb.
 */
export function menuPath(path, { title, opened } = {}) {
    const [app, section, ...items] = path;
    const label = path.join(" › ");
    const steps = [
        stepUtils.showAppsMenuItem(),
        {
            content: `${label}: the ${app} app`,
            trigger: `.o-dropdown--menu .o_app${exactly(app)}`,
            run: "click",
        },
        {
            trigger: `.o_main_navbar .o_menu_brand${exactly(app)}`,
        },
    ];
    if (!items.length) {
        // A section without children opens its action itself.
        steps.push({
            content: `${label}: ${section}`,
            trigger: `.o_menu_sections .o_nav_entry${exactly(section)}`,
            run: "click",
        });
    } else {
        steps.push({
            content: `${label}: open ${section}`,
            trigger: `.o_menu_sections .dropdown-toggle${exactly(section)}`,
            run: "click",
        });
        const item = items.at(-1);
        for (const header of items.slice(0, -1)) {
            steps.push({
                content: `${label}: the group ${header}`,
                trigger: `.o-dropdown--menu .dropdown-header${exactly(header)}`,
            });
        }
        const header = items.length > 1 ? `.dropdown-header${exactly(items.at(-2))} ~ ` : "";
        steps.push({
            content: `${label}: ${item}`,
            trigger: `.o-dropdown--menu ${header}.dropdown-item${exactly(item)}`,
            run: "click",
        });
    }
    steps.push({
        content: `${label}: the page opens`,
        trigger: opened || `.o_breadcrumb .active${exactly(title || path.at(-1))}`,
    });
    return steps;
}

/**
 * A path into a settings page: the menus to it (app, section, item), then
 * the block (if the path names one) and the setting on the page.
 * ``onPage``: the page is open already (the previous path's), only look
 * for the block and the setting.
 */
export function settingsPath(path, { onPage = false } = {}) {
    const setting = path.at(-1);
    const block = path.length > 4 ? `h2${exactly(path[3])} + .o_settings_container ` : "";
    return [
        ...(onPage ? [] : menuPath(path.slice(0, 3), { opened: ".o_form_view .settings" })),
        {
            content: `${path.join(" › ")}`,
            trigger: `.o_form_view .settings ${block}.o_setting_box .o_form_label:contains(${setting})`,
        },
    ];
}

registry.category("web_tour.tours").add("sales_followup_menus_rep", {
    url: "/odoo",
    steps: () => [
        ...menuPath(["Sales", "Orders", "Quotations"]),
        {
            content: "The rep's quotation is listed",
            trigger: ".o_list_renderer .o_data_row:contains(Pearl River Foods):contains(Quotation)",
        },
        ...menuPath(["Sales", "Orders", "Orders"], { title: "Sales Orders" }),
        {
            content: "and the confirmed order",
            trigger: ".o_list_renderer .o_data_row:contains(Pearl River Foods)",
        },
        {
            content: "Open it",
            trigger: ".o_list_renderer .o_data_row:contains(Pearl River Foods) td[name=partner_id]",
            run: "click",
        },
        {
            content: "Its Follow-up tab",
            trigger: ".o_form_view .o_notebook a[name=followup]",
            run: "click",
        },
        {
            content: "holds the plan",
            trigger: ".o_form_view .o_field_widget[name=followup_step_ids] .o_data_row:contains(First Contact)",
        },
        ...menuPath(["Sales", "Follow-ups", "My Follow-ups"]),
        {
            content: "My Follow-ups lists the order's first contact",
            trigger: ".o_list_renderer .o_data_row:contains(Pearl River Foods):contains(First Contact)",
        },
        ...menuPath(["Sales", "Follow-ups", "Interactions"]),
        ...menuPath(["Sales", "Follow-ups", "Care Actions"]),
        {
            content: "A rep has no Monthly Reports, Overdue & Escalations or follow-up settings",
            trigger: ".o_menu_sections .dropdown-toggle:contains(/^Follow-ups$/)",
            run: "click",
        },
        {
            trigger: `.o-dropdown--menu:has(.dropdown-item${exactly("My Follow-ups")}):not(:has(.dropdown-item${exactly("Monthly Reports")})):not(:has(.dropdown-item${exactly("Overdue & Escalations")}))`,
        },
        {
            content: "nor Sales' Configuration",
            trigger: ".o_menu_sections:not(:has(.dropdown-toggle:contains(/^Configuration$/)))",
        },
        ...menuPath(["Follow-ups", "Follow-ups", "My Follow-ups"]),
        ...menuPath(["Follow-ups", "Follow-ups", "Commitments"]),
        ...menuPath(["Follow-ups", "Follow-ups", "Complaints"]),
        ...menuPath(["Follow-ups", "Customers", "Customers"]),
        {
            content: "The rep's customer is there",
            trigger: ".o_view_controller:contains(Pearl River Foods)",
        },
        ...menuPath(["Follow-ups", "Customers", "Care Actions"]),
        ...menuPath(["Follow-ups", "Reporting", "Customer Segments"]),
    ],
});

registry.category("web_tour.tours").add("sales_followup_menus_admin", {
    url: "/odoo?debug=1",
    steps: () => [
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Follow-up Manager"]),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Complaints"], { onPage: true }),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Customer A/B/C Classes"], { onPage: true }),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Customer Segments"], { onPage: true }),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Monthly Report"], { onPage: true }),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Retention of Interactions"], { onPage: true }),
        ...settingsPath(["Sales", "Configuration", "Settings", "Order Follow-up", "Severity Routing"], { onPage: true }),
        ...menuPath(["Sales", "Configuration", "Follow-up Tiers"]),
        {
            content: "The three tiers",
            trigger: ".o_list_renderer:contains(Strategic Order):contains(Key Order):contains(Regular Order)",
        },
        ...menuPath(["Sales", "Follow-ups", "Monthly Reports"]),
        ...menuPath(["Follow-ups", "Follow-ups", "Overdue & Escalations"], {
            title: "Overdue Follow-ups",
        }),
        ...menuPath(["Follow-ups", "Configuration", "Tiers"], { title: "Follow-up Tiers" }),
        ...menuPath(["Settings", "Technical", "Automation", "Scheduled Actions"]),
        ...menuPath(["Settings", "Technical", "Automation", "Follow-up Scheduled Action Failures"]),
        ...menuPath(["Settings", "Technical", "Privacy", "Privacy Logs"]),
        ...menuPath(["Settings", "Technical", "Resource", "Working Schedules"]),
        ...menuPath(["Settings", "Translations", "Languages"]),
    ],
});
