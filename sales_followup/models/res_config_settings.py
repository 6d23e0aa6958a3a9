from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    followup_manager_id = fields.Many2one(
        related="company_id.followup_manager_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_vague_phrases = fields.Text(
        related="company_id.followup_vague_phrases", readonly=False
    )
    followup_summary_min_length = fields.Integer(
        related="company_id.followup_summary_min_length", readonly=False
    )
    followup_late_hours = fields.Float(related="company_id.followup_late_hours", readonly=False)
    followup_escalation_satisfaction = fields.Integer(
        related="company_id.followup_escalation_satisfaction", readonly=False
    )
    followup_escalation_hours = fields.Integer(
        related="company_id.followup_escalation_hours", readonly=False
    )
    followup_escalation_days = fields.Integer(
        related="company_id.followup_escalation_days", readonly=False
    )
    followup_after_sales_user_id = fields.Many2one(
        related="company_id.followup_after_sales_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_after_sales_hours = fields.Integer(
        related="company_id.followup_after_sales_hours", readonly=False
    )
    followup_retention_months = fields.Integer(
        related="company_id.followup_retention_months", readonly=False
    )
    followup_complaint_approver_id = fields.Many2one(
        related="company_id.followup_complaint_approver_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_management_rep_id = fields.Many2one(
        related="company_id.followup_management_rep_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_general_manager_id = fields.Many2one(
        related="company_id.followup_general_manager_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_severity_low_user_id = fields.Many2one(
        related="company_id.followup_severity_low_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_severity_medium_user_id = fields.Many2one(
        related="company_id.followup_severity_medium_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_severity_high_user_id = fields.Many2one(
        related="company_id.followup_severity_high_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_complaint_visit_days = fields.Integer(
        related="company_id.followup_complaint_visit_days", readonly=False
    )
    followup_complaint_routing_days = fields.Integer(
        related="company_id.followup_complaint_routing_days", readonly=False
    )
    followup_complaint_approval_days = fields.Integer(
        related="company_id.followup_complaint_approval_days", readonly=False
    )
    followup_complaint_reply_days = fields.Integer(
        related="company_id.followup_complaint_reply_days", readonly=False
    )
    followup_complaint_escalation_days = fields.Integer(
        related="company_id.followup_complaint_escalation_days", readonly=False
    )
    followup_director_id = fields.Many2one(
        related="company_id.followup_director_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_new_months = fields.Integer(related="company_id.followup_new_months", readonly=False)
    followup_high_value_amount = fields.Monetary(
        related="company_id.followup_high_value_amount", readonly=False
    )
    followup_dormant_days = fields.Integer(
        related="company_id.followup_dormant_days", readonly=False
    )
    followup_no_contact_days = fields.Integer(
        related="company_id.followup_no_contact_days", readonly=False
    )
    followup_at_risk_days = fields.Integer(
        related="company_id.followup_at_risk_days", readonly=False
    )
    followup_care_horizon_days = fields.Integer(
        related="company_id.followup_care_horizon_days", readonly=False
    )
    followup_report_customer_identity = fields.Selection(
        related="company_id.followup_report_customer_identity", readonly=False
    )
    followup_report_protected = fields.Boolean(
        related="company_id.followup_report_protected", readonly=False
    )
    # A/B/C class
    followup_abc_a_score = fields.Integer(related="company_id.followup_abc_a_score", readonly=False)
    followup_abc_b_score = fields.Integer(related="company_id.followup_abc_b_score", readonly=False)
    followup_abc_a_cadence = fields.Selection(
        related="company_id.followup_abc_a_cadence", readonly=False
    )
    followup_abc_b_cadence = fields.Selection(
        related="company_id.followup_abc_b_cadence", readonly=False
    )
    followup_abc_c_cadence = fields.Selection(
        related="company_id.followup_abc_c_cadence", readonly=False
    )
