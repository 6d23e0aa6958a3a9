from odoo import models
from odoo.tools import SQL

# Interaction texts searched for the person's name.
NAMED_IN_FIELDS = (
    "summary",
    "customer_feedback",
    "customer_request",
    "solution",
    "result",
    "next_action",
    "exception_resolution",
)
MIN_NAME_LENGTH = 2


class PrivacyLookupWizard(models.TransientModel):
    _inherit = "privacy.lookup.wizard"

    def _get_query(self):
        """Odoo finds the records whose customer is the person (the partner_id
        of interactions, follow-up steps, care actions); add the interactions
        in which the person took part as a customer contact or is named in
        what was written, and the person's care plans, so that a request for
        access or erasure finds them all."""
        query = super()._get_query()
        Interaction = self.env["sales_followup.interaction"]
        relation = Interaction._fields["participant_contact_ids"]
        conditions = [
            SQL(
                "%s IN (SELECT %s FROM %s WHERE %s IN (SELECT id FROM indirect_references))",
                SQL.identifier(Interaction._table, "id"),
                SQL.identifier(relation.column1),
                SQL.identifier(relation.relation),
                SQL.identifier(relation.column2),
            )
        ]
        name = (self.name or "").strip()
        if len(name) >= MIN_NAME_LENGTH:
            pattern = "%{}%".format(
                name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            conditions.extend(
                SQL("%s ILIKE %s", SQL.identifier(Interaction._table, fname), pattern)
                for fname in NAMED_IN_FIELDS
            )
        # Care plans go with their customer (ondelete cascade), which Odoo's
        # lookup takes as a reason to leave them out: list them all the same.
        CarePlan = self.env["sales_followup.care.plan"]
        return SQL(
            """%s
            UNION ALL
            SELECT %s AS res_model_id, id AS res_id, TRUE AS is_active
            FROM %s
            WHERE %s NOT IN (SELECT id FROM indirect_references) AND (%s)
            UNION ALL
            SELECT %s AS res_model_id, id AS res_id, TRUE AS is_active
            FROM %s
            WHERE %s IN (SELECT id FROM indirect_references)
            """,
            query,
            self.env["ir.model"]._get_id(Interaction._name),
            SQL.identifier(Interaction._table),
            SQL.identifier(Interaction._table, "partner_id"),
            SQL(" OR ").join(conditions),
            self.env["ir.model"]._get_id(CarePlan._name),
            SQL.identifier(CarePlan._table),
            SQL.identifier(CarePlan._table, "partner_id"),
        )
