from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.models import fix_import_export_id_paths

from ..tools.masking import CUSTOMER_CODES, MASK_NAMES

EXPORT_GROUPS = "sales_followup.group_followup_manager,sales_followup.group_followup_personal_data"
# What an export may take of a person (res.partner) without the personal-data
# role: his identity in the database and his masked display name.
PARTNER_EXPORT_FIELDS = frozenset(("id", ".id", "display_name"))


class SalesFollowupPrivacyMixin(models.AbstractModel):
    """What every model holding customer follow-up data shares: who may take
    it out of Odoo, and how names look when it leaves.

    A model joins with ``_inherit = ["sales_followup.privacy.mixin", ...]``
    (before ``mail.thread``, whose chatter it overrides), plus its access
    lines and record rules (see README, "Who sees what").

    For users without the personal-data role, every way the server formats
    these records for a caller (read, search_read, web_read,
    web_search_read, read_group, web_read_group, onchange, export) asks
    res.partner for masked names, whatever context the caller sends.
    """

    _name = "sales_followup.privacy.mixin"
    _description = "Sales Follow-up Privacy"

    def _followup_masked(self):
        """``self`` as its reader may see it: people's names masked unless he
        has the personal-data role (the superuser, the module's own code,
        reads them as they are)."""
        if (
            self.env.su
            or self.env.context.get(MASK_NAMES)
            or self.env["res.partner"]._followup_sees_personal_data()
        ):
            return self
        return self.with_context(**{MASK_NAMES: True})

    def _read_format(self, fnames, load="_classic_read"):
        # read() and search_read(): many2one values carry display names.
        return super(SalesFollowupPrivacyMixin, self._followup_masked())._read_format(
            fnames, load=load
        )

    @api.readonly
    def web_read(self, specification):
        # Also web_search_read() and web_save(): the display names of
        # many2one and x2many values read for the specification.
        return super(SalesFollowupPrivacyMixin, self._followup_masked()).web_read(specification)

    @api.model
    @api.readonly
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # Also web_read_group() and the group headers of exports, which show
        # customers as the exported rows do: by their code (Odoo's export
        # controller is the caller that sets import_compat).
        records = self._followup_masked()
        if records is not self and "import_compat" in self.env.context:
            records = records.with_context(**{CUSTOMER_CODES: True})
        return super(SalesFollowupPrivacyMixin, records).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    def onchange(self, values, field_names, fields_spec):
        """Odoo's onchange checks no access, and the computes it runs may read
        related records as superuser: it is refused to users who may not read
        the model (or the record), and given (or defaulted) links must point
        to records the user may read."""
        self.check_access("read")
        self._followup_check_linked_access(values)
        return super(SalesFollowupPrivacyMixin, self._followup_masked()).onchange(
            values, field_names, fields_spec
        )

    def _followup_check_linked_access(self, values):
        if self.env.su:
            return
        given = {
            key.removeprefix("default_"): value
            for key, value in self.env.context.items()
            if key.startswith("default_")
        }
        given.update(values)
        _check_linked_access(self, given)

    def _message_get_suggested_recipients(self):
        """The chatter of the models that have one suggests the customer as a
        recipient, by name and e-mail address: not to users without the
        personal-data role."""
        if self.env.su or self.env["res.partner"]._followup_sees_personal_data():
            return super()._message_get_suggested_recipients()
        return []

    def message_post(self, **kwargs):
        # Each message keeps the record's name (inbox, e-mail subjects), read
        # by others than its author: written as the module writes texts.
        if len(self) == 1 and not kwargs.get("record_name"):
            kwargs["record_name"] = self._followup_text_display_name()
        return super().message_post(**kwargs)

    def _followup_text_display_name(self):
        """The record's name in texts that others read; people masked."""
        self.ensure_one()
        return self.display_name

    def export_data(self, fields_to_export):
        """Export (the list view's Export, /web/export, RPC) is for managers
        and personal-data officers only; for anyone but the latter, people's
        names are masked, customers shown by their code, and none of a
        person's own fields (name, e-mail, phone...) may be exported."""
        self._followup_check_export()
        records = self
        if not self.env.su and not self.env["res.partner"]._followup_sees_personal_data():
            self._followup_check_export_paths(fields_to_export)
            records = self.with_context(**{MASK_NAMES: True, CUSTOMER_CODES: True})
        return super(SalesFollowupPrivacyMixin, records).export_data(fields_to_export)

    def _followup_check_export(self):
        if self.env.su or self.env.user.has_groups(EXPORT_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only sales follow-up managers and personal data officers may export "
                "%(records)s: ask your sales manager for the report you need.",
                records=self.env["ir.model"].sudo()._get(self._name).name,
            )
        )

    def _followup_check_export_paths(self, fields_to_export):
        for path in map(fix_import_export_id_paths, fields_to_export):
            model = self
            for fname in path:
                if model._name == "res.partner" and fname not in PARTNER_EXPORT_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Only personal data officers may export the details of "
                            "customers and their contacts (%(field)s): export them by "
                            "name, which is masked.",
                            field="/".join(path),
                        )
                    )
                field = model._fields.get(fname)
                if not (field and field.relational):
                    break
                model = self.env[field.comodel_name]


def _check_linked_access(model, values):
    """Refuse (AccessError) the onchange ``values`` of ``model`` that link to a
    record the user may not read, in new x2many lines too."""
    for fname, value in values.items():
        field = model._fields.get(fname)
        if not (value and field and field.relational):
            continue
        comodel = model.env[field.comodel_name]
        ids, lines = _linked(field, value)
        comodel.browse(ids).exists().check_access("read")
        for line_values in lines:
            _check_linked_access(comodel, line_values)


def _linked(field, value):
    """The ids of existing records in an onchange value of relational
    ``field``, and the values of the x2many lines it creates or updates."""
    if field.type == "many2one":
        if isinstance(value, dict):
            value = value.get("id")
        return ([value] if isinstance(value, int) else []), []
    ids, lines = [], []
    for command in value if isinstance(value, list | tuple) else []:
        if isinstance(command, int):
            ids.append(command)
        elif isinstance(command, list | tuple) and len(command) > 1:
            if command[0] in (Command.UPDATE, Command.LINK) and isinstance(command[1], int):
                ids.append(command[1])
            elif command[0] == Command.SET and len(command) > 2:
                ids.extend(id_ for id_ in command[2] if isinstance(id_, int))
            if command[0] in (Command.CREATE, Command.UPDATE) and len(command) > 2:
                if isinstance(command[2], dict):
                    lines.append(command[2])
    return ids, lines
