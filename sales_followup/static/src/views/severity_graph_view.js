import { registry } from "@web/core/registry";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";

// Severity in the colours of its badges, whatever the order of the series:
// Odoo colours a chart's series by their position (the third one, "High",
// would be green). Red, orange and grey of Odoo's own chart palette.
const SEVERITY_COLORS = {
    high: "#EA6175",
    medium: "#F4A261",
    low: "#A4A8B6",
};

export class SeverityGraphRenderer extends GraphRenderer {
    getBarChartData() {
        const data = super.getBarChartData();
        const field = this.model.metaData.fields.exception_severity;
        const valueOf = Object.fromEntries(
            (field?.selection || []).map(([value, label]) => [label, value])
        );
        for (const dataset of data.datasets) {
            const color = SEVERITY_COLORS[valueOf[dataset.label]];
            if (color) {
                dataset.backgroundColor = color;
            }
        }
        return data;
    }
}

registry.category("views").add("sales_followup_severity_graph", {
    ...graphView,
    Renderer: SeverityGraphRenderer,
});
