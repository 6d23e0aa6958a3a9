{
    "name": "Sales Follow-up: Surveys",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "summary": "The satisfaction step sends the customer a survey; the answer is logged",
    "description": """
Bridge between Sales Follow-up and Odoo Surveys: from an order's satisfaction
step the salesperson e-mails the customer's contact a short survey (product /
service quality, delivery timeliness, service experience and the overall
score, 1 to 5, and a comment) through its own token link, no login needed.
The answer becomes the survey interaction, completes the step and escalates
a low score like a logged one; an invitation left unanswered reminds the
salesperson to call after 2 working days. The monthly report adds the
survey response rate.
""",
    "author": "sales_followup",
    "license": "LGPL-3",
    "depends": ["sales_followup", "survey"],
    "data": [
        "data/survey_survey_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/sales_followup_step_views.xml",
        "views/sale_order_views.xml",
        "views/survey_question_views.xml",
        "views/sales_followup_monthly_report_views.xml",
    ],
    "demo": [
        "demo/sales_followup_survey_demo.xml",
    ],
    "auto_install": True,
}
