{
    "name": "Sales Follow-up: CRM Leads",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Lead register, A/B/C grading, first-contact SLAs and handover on Odoo CRM",
    "description": """
Follow leads the way of the sales follow-up: register their source and
validity, grade them A/B/C, plan the first contact within 24/48/72 hours of
assignment and the cadence after it with the follow-up steps, log interactions
on them, and hand the customer over to after-sales when the quotation is
confirmed.
""",
    "author": "sales_followup",
    "license": "LGPL-3",
    "depends": ["sales_followup", "crm", "sale_crm"],
    "data": [
        "security/sales_followup_crm_security.xml",
        "security/ir_rules.xml",
        "data/utm_source_data.xml",
        "data/crm_lost_reason_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_lead_views.xml",
        "views/crm_team_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_followup_step_views.xml",
        "views/sales_followup_interaction_views.xml",
    ],
    "demo": [
        "demo/sales_followup_crm_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_followup_crm/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "uninstall_hook": "uninstall_hook",
}
