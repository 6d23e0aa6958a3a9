{
    "name": "Sales Follow-up",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "summary": "Tiered follow-up plans on sales orders, with working-day SLAs",
    "description": """
Follow up every confirmed sales order with a plan sized to its tier:
first contact, cadence calls, manager review, pre-delivery confirmation and
post-delivery satisfaction, each a step with a due date in working days and
an activity for the person responsible.
""",
    "author": "sales_followup",
    "license": "LGPL-3",
    "depends": ["sale_management", "mail", "resource", "privacy_lookup"],
    "data": [
        "security/sales_followup_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/sales_followup_complaint_data.xml",
        "data/ir_cron_data.xml",
        "data/sales_followup_tier_data.xml",
        "data/ir_sequence_data.xml",
        "data/sales_followup_care_template_data.xml",
        "wizard/sales_followup_care_action_done_views.xml",
        "wizard/sales_followup_monthly_report_wizard_views.xml",
        "views/sales_followup_tier_views.xml",
        "views/sales_followup_step_views.xml",
        "views/sales_followup_interaction_views.xml",
        "views/sales_followup_complaint_views.xml",
        "report/sales_followup_complaint_report.xml",
        "views/sales_followup_care_template_views.xml",
        "views/sales_followup_care_action_views.xml",
        "views/sales_followup_care_plan_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/sales_followup_customer_stats_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_users_views.xml",
        "views/mail_activity_views.xml",
        "views/sales_followup_improvement_views.xml",
        "views/sales_followup_commitment_views.xml",
        "views/sales_followup_monthly_report_views.xml",
        "views/sales_followup_menus.xml",
        "views/sales_followup_cron_failure_views.xml",
    ],
    "demo": [
        "demo/sales_followup_demo.xml",
        "demo/sales_followup_interaction_demo.xml",
        "demo/sales_followup_privacy_demo.xml",
        # The dashboards' months of history before the night's run of the
        # care demo: customer since, last contact and health read them.
        "demo/sales_followup_dashboard_demo.xml",
        "demo/sales_followup_care_demo.xml",
        "demo/sales_followup_complaint_demo.xml",
    ],
    "assets": {
        # The one-decimal score formatter, for every view that shows scores.
        "web.assets_backend": [
            "sales_followup/static/src/views/score_formatter.js",
        ],
        # Beside Odoo's graph view, which the web client loads when first shown.
        "web.assets_backend_lazy": [
            "sales_followup/static/src/views/severity_graph_view.js",
        ],
        "web.assets_tests": [
            "sales_followup/static/tests/tours/**/*",
        ],
    },
}
