/** @odoo-module **/
/**
 * The README's CRM paths, clicked through the menus by the administrator
 * (sales_followup_crm/tests/test_navigation.py checks that every README
 * path of the CRM app is here).
 */
import { registry } from "@web/core/registry";
import { settingsPath } from "@sales_followup/../tests/tours/menu_paths_tour";

registry.category("web_tour.tours").add("sales_followup_crm_menus", {
    url: "/odoo",
    steps: () => [
        ...settingsPath(["CRM", "Configuration", "Settings", "Rule-Based Assignment"]),
    ],
});
