from odoo import models
from odoo.tools import SQL

MIN_NAME_LENGTH = 2


class PrivacyLookupWizard(models.TransientModel):
    _inherit = "privacy.lookup.wizard"

    def _get_query(self):
        """Odoo finds the records whose customer is the person (the partner_id
        of interactions, follow-up steps, care actions); add the interactions
        in which the person took part as a customer contact, the records of
        every model whose free text (``_followup_text_fields``, the fields
        the personal-data detector checks) names the person, and the
        person's care plans, so that a request for access or erasure finds
        them all. A record found twice is listed once."""
        query = super()._get_query()
        IrModel = self.env["ir.model"]
        Interaction = self.env["sales_followup.interaction"]
        relation = Interaction._fields["participant_contact_ids"]
        found = [
            SQL(
                """SELECT %s AS res_model_id, %s AS res_id, TRUE AS is_active FROM %s
                    WHERE %s IN (SELECT id FROM indirect_references)""",
                IrModel._get_id(Interaction._name),
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
            for model_name, fnames in self._followup_text_fields_by_model().items():
                model = self.env[model_name]
                found.append(
                    SQL(
                        """SELECT %s AS res_model_id, id AS res_id, TRUE AS is_active
                             FROM %s WHERE %s""",
                        IrModel._get_id(model_name),
                        SQL.identifier(model._table),
                        SQL(" OR ").join(
                            SQL(
                                # Translated texts: every language of the JSON.
                                "%s::text ILIKE %s"
                                if model._fields[fname].translate
                                else "%s ILIKE %s",
                                SQL.identifier(model._table, fname),
                                pattern,
                            )
                            for fname in fnames
                        ),
                    )
                )
        # Care plans go with their customer (ondelete cascade), which Odoo's
        # lookup takes as a reason to leave them out: list them all the same.
        CarePlan = self.env["sales_followup.care.plan"]
        found.append(
            SQL(
                """SELECT %s AS res_model_id, id AS res_id, TRUE AS is_active FROM %s
                    WHERE %s IN (SELECT id FROM indirect_references)""",
                IrModel._get_id(CarePlan._name),
                SQL.identifier(CarePlan._table),
                SQL.identifier(CarePlan._table, "partner_id"),
            )
        )
        return SQL(
            """SELECT res_model_id, res_id, bool_or(is_active) AS is_active
                 FROM (%s UNION ALL %s) AS found
                GROUP BY res_model_id, res_id""",
            query,
            SQL(" UNION ALL ").join(found),
        )

    def _followup_text_fields_by_model(self):
        """The stored free-text fields of every model that declares them."""
        by_model = {}
        for model_name in self.env.registry:
            model = self.env[model_name]
            if model._abstract or model._transient or not model._auto:
                continue
            fnames = [
                fname
                for fname in getattr(model, "_followup_text_fields", ())
                if model._fields[fname].store
            ]
            if fnames:
                by_model[model_name] = fnames
        return by_model
