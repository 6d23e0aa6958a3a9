/** @odoo-module **/
/**
 * The Customer Satisfaction dashboard's pivot shows averages of 1-to-5 scores
 * with one decimal, as the customer form does: 4.7, not 5.
 *
 * Data from sales_followup/tests/test_interaction_views.py
 * (TestSatisfactionPivotTour): three surveys this month, satisfaction 5, 5
 * and 4; product quality 4, 5 and "not asked" (0).
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_followup_csat_pivot", {
    steps: () => [
        {
            content: "The dashboard opens on its graph; switch to the pivot",
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "Average satisfaction of 5, 5 and 4: 4.7",
            trigger: ".o_pivot table tbody tr:first td.o_pivot_cell_value:eq(0):contains(/^4.7$/)",
        },
        {
            content: "Product quality, not asked once: 4.5 (4 and 5), not 3.0",
            trigger: ".o_pivot table tbody tr:first td.o_pivot_cell_value:eq(1):contains(/^4.5$/)",
        },
    ],
});
