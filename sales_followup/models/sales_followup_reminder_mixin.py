from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.tools import plaintext2html

from ..const import REMINDER_OWNER

# Alerts one person gets in one call and is told of one by one, as Odoo tells
# of any activity assigned to him; beyond, one notice lists them all, so that
# a backlog escalated at once (after a holiday) is one e-mail, not hundreds.
ALERT_NOTICE_LIMIT = 3
# Alerts listed in that notice; the others are in the person's activities.
ALERT_NOTICE_LINES = 50


def activity_env(activities, notify):
    """``activities`` (or the mail.activity model) in the add-on's hands.
    Without ``notify`` their assignees are not told ("assigned to you"):
    reminders of their own plan, which they find in their activities."""
    activities = activities.sudo()
    if notify:
        return activities
    return activities.with_context(mail_activity_quick_update=True)


class SalesFollowupReminderMixin(models.AbstractModel):
    """The one owner of the add-on's reminders: which ``mail.activity``
    exists for which open record (plan step, care action), for whom, due
    when. It creates, moves, completes and removes them, in batches, through
    mail.activity's public API; no other code does.

    The rule: among records grouped by ``_followup_reminder_group`` (an
    order's steps, a care plan's actions), each person gets one reminder,
    for the earliest open record that is his or hers, due on its date. A
    reminder is derived whenever a record is created or changes: it is never
    a second truth to repair.

    Notifications: reminders that the add-on itself derives (a plan
    generated or re-planned, a step completed, a salesperson replaced) are
    created silently, as the plan is the person's own work list; a record
    given by hand to someone else notifies him ("assigned to you"), as Odoo
    does for an activity, and so do alerts (escalations).
    """

    _name = "sales_followup.reminder.mixin"
    _description = "Follow-up Reminders"

    # mail.activity fields pointing at the record: its reminder first, then
    # alerts about it (escalations), which closing the record closes too.
    _followup_reminder_links = ()
    # The records among which each person is reminded of the earliest only:
    # a many2one, or a tuple of them when each record belongs to one of
    # several kinds of group (see _followup_group_fields).
    _followup_reminder_group = None
    _followup_reminder_date = None
    _followup_reminder_open_states = ()
    # Reminders on the record itself (the default values below): the
    # activity type's XML id and the field whose text is the reminder's note.
    _followup_reminder_activity_type = None
    _followup_reminder_note = None
    # Changes that move, give or take a reminder.
    _followup_reminder_fields = frozenset(("user_id", "state"))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.context.get(REMINDER_OWNER):
            # Made by a user, not by the add-on's own plans (in sudo): an
            # assignee other than him is told.
            records._followup_sync_reminders(notify=not self.env.su)
        return records

    def write(self, vals):
        res = super().write(vals)
        fields = self._followup_reminder_fields | {self._followup_reminder_date}
        if not self.env.context.get(REMINDER_OWNER) and not fields.isdisjoint(vals):
            self._followup_sync_reminders(notify="user_id" in vals and not self.env.su)
        return res

    # ------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------

    def _followup_reminder_users(self):
        """Who is reminded of this record."""
        self.ensure_one()
        return self.user_id

    def _followup_reminder_values(self, readers=None):
        """Values of the reminders of ``self``, on the record itself: its
        name, its note field, due on its date. ``readers``: who gets each
        record's reminder, position by position (default: its responsible),
        in whose language it is written. Records reminded elsewhere (steps,
        on their order) override."""
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_type = self.env.ref(self._followup_reminder_activity_type)
        in_reader_lang = self._followup_in_reader_lang()
        return [
            {
                "res_model_id": model_id,
                "res_model": self._name,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "summary": text.name,
                "note": text[self._followup_reminder_note]
                and plaintext2html(text[self._followup_reminder_note]),
                "date_deadline": record[self._followup_reminder_date],
                "user_id": reader.id,
                self._followup_reminder_links[0]: record.id,
            }
            for record, reader in self._followup_with_readers(readers)
            for text in [in_reader_lang(record, reader)]
        ]

    def _followup_with_readers(self, readers=None):
        """``(record, reader)`` pairs of ``self``: the reader of each record's
        reminder is ``readers``' user at its position, or its responsible."""
        return zip(self, readers or [record.user_id for record in self], strict=True)

    def _followup_in_reader_lang(self):
        """``(record, reader) -> record`` in the language of the user who
        reads its reminder: the texts the add-on writes are translated."""
        envs = {}

        def in_reader_lang(record, reader):
            lang = reader.lang or self.env.lang
            if lang not in envs:
                envs[lang] = self.with_context(lang=lang).env
            return record.with_env(envs[lang])

        return in_reader_lang

    def _followup_reminder_done(self, feedback):
        """Someone marked the reminder of these open records done."""
        raise NotImplementedError

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _followup_group_fields(self):
        """The many2one fields that group the records (see ``_followup_reminder_group``)."""
        group = self._followup_reminder_group
        return (group,) if isinstance(group, str) else tuple(group)

    def _followup_reminders_wanted(self):
        """``{(record id, user id): record}``: the reminders the records of
        ``self`` (whole groups, sorted by date) should have."""
        date = self._followup_reminder_date
        group_fields = self._followup_group_fields()
        first = {}
        for record in self:
            if record.state not in self._followup_reminder_open_states or not record[date]:
                continue
            group = next((record[fname] for fname in group_fields if record[fname]), None)
            for user in record._followup_reminder_users():
                first.setdefault((group, user.id), record)
        return {(record.id, user_id): record for (_group, user_id), record in first.items()}

    def _followup_sync_reminders(self, notify=False):
        """Bring the reminders of the groups of ``self`` in line with their
        records. ``notify``: the assignees of the reminders of ``self`` that
        are created or handed to them now are told, as Odoo tells them of an
        activity someone else assigns them."""
        for fname in self._followup_group_fields() if self else ():
            self._followup_sync_groups(self.sudo()[fname], set(self.ids) if notify else set())

    @api.model
    def _followup_sync_groups(self, groups, notified=frozenset()):
        """Create the missing reminders of the records of ``groups`` (orders,
        care plans), move those whose date or person changed, remove the ones
        no longer due. The assignees of the reminders of the records of
        ``notified`` (ids) are told."""
        if not groups:
            return
        Model = self.sudo().browse()
        group_fields = self._followup_group_fields()
        group = next(
            fname for fname in group_fields if self._fields[fname].comodel_name == groups._name
        )
        date = self._followup_reminder_date
        # The groups' records, open or not: with the status in the query,
        # PostgreSQL would AND the group index with the partial index of all
        # open steps (at full scale 166,000 entries, to keep 300 of them).
        scope = Model.search_fetch(
            [(group, "in", groups.ids)],
            [*group_fields, date, "state", "user_id"],
            order=f"{date}, id",
        )
        wanted = scope._followup_reminders_wanted()
        link = self._followup_reminder_links[0]
        Activity = self.env["mail.activity"].sudo()
        current = Activity.search_fetch(
            [(link, "in", scope.ids)], [link, "user_id", "date_deadline"], order="id"
        )
        # A reminder for the same record and person stays; one for another
        # person is handed over; the rest are no longer due.
        kept = {}
        others = defaultdict(list)
        for activity in current:
            key = (activity[link].id, activity.user_id.id)
            if key in wanted and key not in kept:
                kept[key] = activity
            else:
                others[key[0]].append(activity)
        to_create = []
        moves = defaultdict(lambda: Activity)
        handed_over = []
        for key, record in wanted.items():
            activity = kept.get(key)
            if activity is None and others[record.id]:
                activity = others[record.id].pop()
            if activity is None:
                to_create.append((record, key[1]))
                continue
            changes = {}
            if activity.date_deadline != record[date]:
                changes["date_deadline"] = record[date]
            if activity.user_id.id != key[1]:
                # mail.activity.write() makes the new person follow the record.
                changes["user_id"] = key[1]
                handed_over.append((activity, record, key[1]))
            if changes:
                moves[record.id in notified, tuple(sorted(changes.items()))] |= activity
        stale = Activity.concat(*(act for acts in others.values() for act in acts))
        stale.with_context(**{REMINDER_OWNER: True}).unlink()
        for (loud, changes), activities in moves.items():
            activity_env(activities, loud).write(dict(changes))
        Model._followup_reword_handed_over(handed_over)
        if not to_create:
            return
        records = Model.concat(*(record for record, _user_id in to_create))
        readers = [self.env["res.users"].sudo().browse(user_id) for _record, user_id in to_create]
        values = {True: [], False: []}
        for vals, (record, _user_id) in zip(
            records._followup_reminder_values(readers), to_create, strict=True
        ):
            values[record.id in notified].append(vals)
        for loud, vals_list in values.items():
            if vals_list:
                activity_env(Activity, loud).create(vals_list)

    @api.model
    def _followup_reword_handed_over(self, handed_over):
        """``[(activity, record, user id)]``: reminders just handed to another
        person, who reads them in his own language."""
        if not handed_over:
            return
        records = self.concat(*(record for _activity, record, _user_id in handed_over))
        Users = self.env["res.users"].sudo()
        readers = [Users.browse(user_id) for _activity, _record, user_id in handed_over]
        for (activity, _record, _user_id), vals in zip(
            handed_over, records._followup_reminder_values(readers), strict=True
        ):
            activity_env(activity, False).write({"summary": vals["summary"], "note": vals["note"]})

    def _followup_create_alerts(self, vals_list):
        """Create alerts about the records of ``self`` (escalations): their
        assignees are told, as of any activity someone else assigns them."""
        if not vals_list:
            return
        # mail.activity.create() subscribes each assignee to the records of
        # his activities, ids repeated, and so inserts a follower twice when
        # he gets two alerts on a record he does not follow yet: each record
        # is followed here first, once.
        followers = defaultdict(set)
        for vals in vals_list:
            followers[vals["res_model"], vals["user_id"]].add(vals["res_id"])
        for (model, user_id), res_ids in followers.items():
            partner = self.env["res.users"].sudo().browse(user_id).partner_id
            self.env[model].sudo().browse(res_ids).message_subscribe(partner_ids=partner.ids)
        by_user = defaultdict(list)
        for vals in vals_list:
            by_user[vals["user_id"]].append(vals)
        one_by_one = [
            vals
            for alerts in by_user.values()
            if len(alerts) <= ALERT_NOTICE_LIMIT
            for vals in alerts
        ]
        activity_env(self.env["mail.activity"], notify=True).create(one_by_one)
        summed_up = {
            user_id: alerts
            for user_id, alerts in by_user.items()
            if len(alerts) > ALERT_NOTICE_LIMIT
        }
        activity_env(self.env["mail.activity"], notify=False).create(
            [vals for alerts in summed_up.values() for vals in alerts]
        )
        for user_id, alerts in summed_up.items():
            self._followup_notify_alerts(self.env["res.users"].sudo().browse(user_id), alerts)

    def _followup_notify_alerts(self, user, alerts):
        """One notice to ``user`` listing the ``alerts`` (activity values)."""
        env = self.with_context(lang=user.lang).env
        lines = Markup("").join(
            Markup("<li><b>%s</b> %s</li>") % (vals["summary"], Markup(vals["note"]))
            for vals in alerts[:ALERT_NOTICE_LINES]
        )
        more = len(alerts) - ALERT_NOTICE_LINES
        body = Markup("<ul>%s</ul>") % lines
        if more > 0:
            body += Markup("<p>%s</p>") % env._(
                "And %(count)s more, in your activities.", count=more
            )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=env._("%(count)s follow-up alerts assigned to you", count=len(alerts)),
            body=body,
        )

    def _followup_linked_activities(self):
        """The open reminders and alerts of ``self``."""
        if not self:
            return self.env["mail.activity"]
        domain = ["|"] * (len(self._followup_reminder_links) - 1) + [
            (link, "in", self.ids) for link in self._followup_reminder_links
        ]
        return self.env["mail.activity"].sudo().search(domain)

    def _followup_complete_reminders(self, feedback, alert_feedback=None):
        """Mark done the reminders of ``self``, closed records, with
        ``feedback`` (their alerts with ``alert_feedback``), and bring up the
        next reminders of their groups."""
        activities = self._followup_linked_activities()
        reminders = activities.filtered(self._followup_reminder_links[0])
        if reminders:
            reminders.action_feedback(feedback=feedback)
        alerts = activities - reminders
        if alerts:
            alerts.action_feedback(feedback=alert_feedback or feedback)
        self._followup_sync_reminders()

    def _followup_remove_reminders(self):
        """Delete the reminders and alerts of ``self``, records closed
        without being done."""
        self._followup_linked_activities().with_context(**{REMINDER_OWNER: True}).unlink()
