/** @odoo-module **/
/**
 * Scores from 1 to 5 are integers, but their averages are not: the pivot and
 * graph views would round an average of 4.67 to "5" as they do any integer
 * field. Their measures name this formatter as widget (widget="followup_score")
 * to show one decimal, "4.7", as the customer's average satisfaction does.
 */
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/views/fields/formatters";

export function formatFollowupScore(value) {
    return formatFloat(value, { digits: [16, 1] });
}

registry.category("formatters").add("followup_score", formatFollowupScore);
