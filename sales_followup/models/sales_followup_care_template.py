from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import SEGMENTS


class SalesFollowupCareTemplate(models.Model):
    _name = "sales_followup.care.template"
    _description = "Customer Care Plan Template"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Template", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    segment = fields.Selection(
        SEGMENTS,
        required=True,
        help="Customers of this segment get a care plan from this template.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the template with every company; a company's "
        "own template for the same segment takes precedence.",
    )
    monthly_contact_cap = fields.Integer(
        string="Contacts per Month (Cap)",
        default=4,
        help="Light touch: no care action is generated in a month where the "
        "customer already has this many interactions logged, care actions "
        "planned and order follow-ups due. 0 for no cap.",
    )
    description = fields.Text(
        translate=True, help="The spirit of the plan, for the people who carry it out."
    )
    line_ids = fields.One2many(
        "sales_followup.care.template.line",
        "template_id",
        string="Care Actions",
        copy=True,
    )

    _sql_constraints = [
        (
            "monthly_contact_cap_positive",
            "CHECK(monthly_contact_cap >= 0)",
            "The monthly contact cap cannot be negative.",
        ),
    ]

    @api.constrains("segment", "company_id", "active")
    def _check_one_template_per_segment(self):
        for template in self.filtered("active"):
            duplicate = self.search(
                [
                    ("id", "!=", template.id),
                    ("segment", "=", template.segment),
                    ("company_id", "=", template.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "%(template)s and %(other)s are both active care plan "
                        "templates of the same segment for the same company: "
                        "archive one of them.",
                        template=template.name,
                        other=duplicate.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """Deleting a template would silently take it, and its lines, off the
        care plans and actions made from it."""
        # Every plan counts, whoever deletes: sudo for the count only.
        plans = (
            self.env["sales_followup.care.plan"].sudo().search([("template_id", "in", self.ids)])
        )
        if plans:
            raise UserError(
                self.env._(
                    "Care plan templates in use cannot be deleted: %(templates)s "
                    "(%(count)s care plans). Archive them instead: an archived template "
                    "gives no new care plan, and the plans made from it keep it.",
                    templates=", ".join((self & plans.template_id).mapped("display_name")),
                    count=len(plans),
                )
            )

    @api.model
    def _followup_templates_by_segment(self, company):
        """The active template of each segment for ``company``: its own if it has
        one, else the shared one."""
        templates = self.search([("company_id", "in", [company.id, False])])
        result = {}
        for template in templates.sorted(
            lambda template: (not template.company_id, template.sequence, template.id)
        ):
            result.setdefault(template.segment, template)
        return result
