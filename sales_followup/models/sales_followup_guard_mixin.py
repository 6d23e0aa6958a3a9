from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..const import CHAR_MAX, TEXT_MAX
from ..tools import text_checks

# Dates accepted: a slip (year 0001, 1900, 9999) is refused, not stored.
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
# What an integer column holds.
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1


class SalesFollowupGuardMixin(models.AbstractModel):
    """What anyone but the superuser may write on a follow-up record.

    Odoo checks a write against the record as it was; the links that give
    the record its meaning are checked here again as it is after the write,
    before the follow-up acts on it (steps completed, customer flagged...).
    Each model lists its fields in the class attributes below.
    """

    _name = "sales_followup.guard.mixin"
    _description = "Follow-up Write Guards"

    # Links that give the record its meaning (customer, order, step, plan):
    # after a change the record must still be one the user could create, and
    # the follow-up records it points to ones he may write.
    _followup_guarded_links = ()
    # Links given at creation and fixed after it (a step's order...).
    _followup_fixed_links = ()
    # Users assigned on the record: internal users of its company only.
    _followup_user_fields = ()
    # Set by the follow-up itself (its buttons, logging, crons, in sudo).
    _followup_bookkeeping_fields = ()
    # Where people write: capped in size and checked for personal data.
    _followup_text_fields = ()

    @api.model
    def _followup_free_text_fields(self):
        """Fields checked for personal data; extend to add yours."""
        return list(self._followup_text_fields)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        for vals in vals_list:
            self._followup_check_values(vals, creating=True)
        # Defaults given in the context are values too: none for bookkeeping.
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (
                key.startswith("default_")
                and key.removeprefix("default_") in self._followup_bookkeeping_fields
            )
        }
        # Replace, not merge: the dropped keys must not come back.
        creator = (
            self if len(context) == len(self.env.context) else self.with_context(context)  # pylint: disable=context-overridden
        )
        records = super(SalesFollowupGuardMixin, creator).create(vals_list).with_env(self.env)
        # Odoo checked the create rules on the new records already.
        records._followup_check_targets(self._followup_guarded_links, rules=False)
        records._followup_check_users(self._followup_user_fields)
        return records

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self._followup_check_values(vals)
        self._followup_check_fixed_links(vals)
        res = super().write(vals)
        self._followup_check_targets(vals)
        self._followup_check_users(vals)
        return res

    # ------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------

    def _followup_is_computed_only(self, fname):
        """A field of the add-on computed from others, which a write would not
        change for long (or at all): refused rather than silently ignored."""
        field = self._fields.get(fname)
        return bool(field and field.compute and field.readonly and field._module == self._module)

    def _followup_check_values(self, vals, creating=False):
        """Refuse the bookkeeping fields and the values no column can hold
        sensibly, with a message saying which field and why."""
        refused = [
            fname
            for fname in vals
            if fname in self._followup_bookkeeping_fields or self._followup_is_computed_only(fname)
        ]
        if creating:
            # A new record starts as any other would (planned, not done...).
            refused = [
                fname for fname in refused if vals[fname] != self._followup_field_default(fname)
            ]
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by the follow-up itself, not by hand. Use its "
                    "buttons instead (mark done, cancel, log an interaction, the "
                    "care action's Done dialog).",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in refused
                    ),
                )
            )
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field and field.type in ("date", "datetime", "integer"):
                self._followup_check_value(field, value)

    def _followup_check_fixed_links(self, vals):
        moved = [
            fname
            for fname in self._followup_fixed_links
            if fname in vals and any(record[fname].id != vals[fname] for record in self)
        ]
        if moved:
            raise AccessError(
                self.env._(
                    "%(fields)s cannot be changed once set: create a new record instead.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in moved
                    ),
                )
            )

    def _followup_field_default(self, fname):
        field = self._fields[fname]
        value = field.default(self) if field.default else False
        return field.convert_to_write(field.convert_to_cache(value, self), self)

    def _followup_check_value(self, field, value):
        label = field._description_string(self.env)
        shown = str(value)[:50]
        if value is False or value is None:
            return
        if field.type == "integer":
            number = value
            if isinstance(value, str):
                try:
                    number = int(value.strip())
                except ValueError:
                    number = None
            elif isinstance(value, float) and value.is_integer():
                number = int(value)
            if isinstance(number, bool) or not isinstance(number, int):
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a whole number, not %(value)s.",
                        field=label,
                        value=shown,
                    )
                )
            low, high = INTEGER_MIN, INTEGER_MAX
        else:
            convert = fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
            try:
                number = convert(value)
            except (ValueError, TypeError):
                number = None
            if not isinstance(number, date):
                raise ValidationError(
                    self.env._("%(field)s must be a date, not %(value)s.", field=label, value=shown)
                )
            if isinstance(number, datetime):
                number = number.date()
            low, high = DATE_MIN, DATE_MAX
        if not low <= number <= high:
            raise ValidationError(
                self.env._(
                    "%(field)s must be between %(min)s and %(max)s, not %(value)s.",
                    field=label,
                    min=low,
                    max=high,
                    value=shown,
                )
            )

    def _followup_check_targets(self, fnames, rules=True):
        """After a change of what the records are about, they must still be
        records the user could create (his customer, order or step, as the
        record rules say), and the follow-up records they point to ones he
        may write: re-pointing one's own record cannot reach another's."""
        links = [fname for fname in self._followup_guarded_links if fname in fnames]
        if not self or not links:
            return
        if rules:
            self.check_access("create")
        for fname in links:
            targets = self[fname]
            if targets._name.startswith("sales_followup."):
                targets.check_access("write")

    def _followup_check_users(self, fnames):
        """Only internal users of the record's company may be assigned."""
        fnames = [fname for fname in self._followup_user_fields if fname in fnames]
        # The user himself belongs to the company (the company rules let him
        # write there): no query for him on the path of logging a contact.
        pairs = {
            (user, record._followup_company())
            # Archived users too (and no read of their status).
            for record in self.with_context(active_test=False)
            for fname in fnames
            for user in record[fname]
            if user != self.env.user
        }
        self.env["sales_followup.guard.mixin"]._followup_check_insiders(pairs)

    def _followup_company(self):
        self.ensure_one()
        return self.company_id

    @api.model
    def _followup_check_insiders(self, pairs):
        """Refuse any of ``pairs`` (user, company) whose user is not an
        internal user of the company; one query for them all."""
        pairs = [(user, company) for user, company in pairs if user and company]
        if not pairs:
            return
        # SQL: one query for every (user, company) pair of a batch, whoever
        # the caller (the ORM would read other users' companies in sudo, one
        # user at a time for the message), on the hot path of logging.
        self.env["res.users"].flush_model(["share", "company_ids"])
        self.env.cr.execute(
            SQL(
                """
                SELECT pair.user_id, pair.company_id
                  FROM unnest(%(users)s::int4[], %(companies)s::int4[])
                       AS pair(user_id, company_id)
                 WHERE NOT EXISTS (
                        SELECT 1
                          FROM res_users u
                          JOIN res_company_users_rel rel ON rel.user_id = u.id
                         WHERE u.id = pair.user_id
                           AND NOT u.share
                           AND rel.cid = pair.company_id)
                 LIMIT 1
                """,
                users=[user.id for user, __ in pairs],
                companies=[company.id for __, company in pairs],
            )
        )
        row = self.env.cr.fetchone()
        if row:
            # sudo: the names only, for the message.
            user = self.env["res.users"].sudo().browse(row[0])
            company = self.env["res.company"].sudo().browse(row[1])
            raise ValidationError(
                self.env._(
                    "%(user)s cannot be assigned: only internal users of %(company)s can.",
                    user=user.name,
                    company=company.name,
                )
            )

    @api.constrains(lambda self: self._followup_free_text_fields())
    def _check_free_texts(self):
        for record in self:
            self._followup_check_texts(record, record._followup_free_text_fields())

    @api.model
    def _followup_check_texts(self, record, fnames):
        """Check the texts of ``fnames`` on ``record``, of any model."""
        # sudo: the texts are only checked here, some are in restricted fields.
        texts = record.sudo()
        self._followup_check_text_values(
            [
                (
                    record._fields[fname]._description_string(self.env),
                    texts[fname],
                    CHAR_MAX if record._fields[fname].type == "char" else TEXT_MAX,
                )
                for fname in fnames
            ]
        )

    @api.model
    def _followup_check_text_values(self, texts):
        """Refuse the texts of ``texts``, a list of (label, text, size limit),
        that are too long or hold personal data."""
        # Birth dates of resident IDs are checked against the server's date:
        # the user's day (his partner's time zone, one more read on every
        # save) differs from it by a day at most.
        found = []
        for label, text, limit in texts:
            if not text:
                continue
            if len(text) > limit:
                raise ValidationError(
                    self.env._(
                        "%(field)s is too long: %(length)s characters, at most "
                        "%(limit)s. Keep what matters; attach documents instead.",
                        field=label,
                        length=len(text),
                        limit=limit,
                    )
                )
            found += [(label, finding) for finding in text_checks.find_personal_data(text)]
        if found:
            raise ValidationError(self._followup_personal_data_message(found))

    @api.model
    def _followup_personal_data_message(self, found):
        """The one message for personal data found in a follow-up text;
        ``found`` is a list of (where, finding)."""
        labels = {
            text_checks.EMAIL: self.env._("an e-mail address"),
            text_checks.RESIDENT_ID: self.env._("a resident ID number"),
            text_checks.BANK_CARD: self.env._("a bank card number"),
            text_checks.MOBILE: self.env._("a mobile phone number"),
            text_checks.LANDLINE: self.env._("a landline phone number"),
            text_checks.INTERNATIONAL_PHONE: self.env._("a phone number"),
        }
        # One whole sentence per finding, each translated as such: a
        # sentence glued from fragments reads wrong in Chinese.
        problems = [
            self.env._(
                "%(field)s holds %(what)s: %(value)s.",
                what=labels.get(finding.kind, self.env._("personal data")),
                value=text_checks.mask(finding.value),
                field=where,
            )
            for where, finding in found
        ]
        return self.env._(
            "Personal data must not be recorded in the follow-up.\n%(problems)s\n"
            "Remove it: refer to people by masked name and role (e.g. “Zhang*, "
            "purchasing manager”); their contact details belong on the contact, "
            "not in the log.",
            problems="\n".join(problems),
        )
