from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import float_compare, format_date


class SaleOrder(models.Model):
    _inherit = "sale.order"

    followup_delivered_by_transfers = fields.Boolean(
        string="Delivered through Transfers",
        compute="_compute_followup_delivered_by_transfers",
        help="The order reaches the customer through deliveries: validating the last "
        "one marks it delivered, on that day.",
        groups="base.group_user",
    )

    @api.depends("picking_ids.state", "picking_ids.location_id.usage")
    def _compute_followup_delivered_by_transfers(self):
        for order in self:
            order.followup_delivered_by_transfers = bool(order._followup_outgoing_transfers())

    # ------------------------------------------------------------
    # Plan
    # ------------------------------------------------------------

    @api.depends("picking_ids.scheduled_date", "picking_ids.state")
    def _compute_followup_plan_warning(self):
        """A delivery scheduled in the warehouse is a delivery date too."""
        return super()._compute_followup_plan_warning()

    def _followup_outgoing_transfers(self):
        """The order's transfers on the way to the customer, cancelled ones
        and returns aside: each step of a pick/pack/ship route (the next one
        appears when a step is done), a delivery, a dropship."""
        return self.picking_ids.filtered(
            lambda picking: picking.state != "cancel" and picking.location_id.usage != "customer"
        )

    def _followup_company_day(self, moment):
        """The day of ``moment`` where the company works (the time zone of
        its working calendar), whoever validates the transfer."""
        self.ensure_one()
        tz = self.company_id.resource_calendar_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz), moment)

    def _followup_delivery_date(self):
        """The next open delivery's scheduled day, or the committed day when
        that comes first: the customer is called before the goods arrive, and
        before the day he was promised."""
        pending = self._followup_outgoing_transfers().filtered(
            lambda picking: picking.state != "done" and picking.scheduled_date
        )
        # The step that reaches the customer once it exists, else the first ones.
        pending = (
            pending.filtered(lambda picking: picking.location_dest_id.usage == "customer")
            or pending
        )
        if not pending:
            return super()._followup_delivery_date()
        days = [self._followup_company_day(min(pending.mapped("scheduled_date")))]
        if self.commitment_date:
            days.append(self._followup_company_day(self.commitment_date))
        return min(days)

    # ------------------------------------------------------------
    # Transfers
    # ------------------------------------------------------------

    def _followup_transfers_changed(self, pickings):
        """What validated or cancelled ``pickings`` of these orders mean for
        their follow-up: an order is delivered when none of its transfers is
        still on the way and the last one to reach the customer is done, on
        that day (which plans the satisfaction survey); a late delivery or a
        return opens an exception; the plan follows the deliveries still
        open. The transfers call it in sudo."""
        # Read once for the batch: the orders came through their transfers.
        self.fetch(["state", "followup_delivered_date", "commitment_date", "company_id"])
        self.filtered(lambda order: order.state == "cancel")._followup_warn_cancelled(pickings)
        orders = self.filtered(lambda order: order.state == "sale")
        delivered = defaultdict(lambda: self.browse())
        for order in orders.filtered(lambda order: not order.followup_delivered_date):
            transfers = order._followup_outgoing_transfers()
            arrived = transfers.filtered(
                lambda picking: picking.location_dest_id.usage == "customer"
            )
            if arrived and all(picking.state == "done" for picking in transfers):
                delivered[order._followup_company_day(max(arrived.mapped("date_done")))] |= order
        for day, done in delivered.items():
            # Writing the date plans the satisfaction survey (sales_followup).
            done.write({"followup_delivered_date": day})
        (orders - self.browse().union(*delivered.values()))._followup_sync_plan()
        orders._followup_open_transfer_exceptions(pickings)

    def _followup_open_transfer_exceptions(self, pickings):
        """A delivery done after the committed day opens one "delivery delay"
        exception on its order, unless one was logged already; each return
        from the customer opens one exception. Each is a next action for the
        salesperson, on the order."""
        # Read once for the batch, after the plans changed.
        pickings.fetch(["state", "sale_id", "date_done", "location_id", "location_dest_id"])
        done = pickings.filtered(
            lambda picking: picking.state == "done" and picking.sale_id in self
        )
        late = done.filtered(
            lambda picking: picking.location_dest_id.usage == "customer"
            and picking.sale_id.commitment_date
            and picking.sale_id._followup_company_day(picking.date_done)
            > picking.sale_id._followup_company_day(picking.sale_id.commitment_date)
        )
        returns = done.filtered(lambda picking: picking.location_id.usage == "customer")
        if not late and not returns:
            return
        Interaction = self.env["sales_followup.interaction"]
        known = Interaction.search(
            [
                ("order_id", "in", (late | returns).sale_id.ids),
                "|",
                ("exception_reason", "=", "delivery_delay"),
                ("picking_id", "in", returns.ids),
            ]
        )
        delayed = known.filtered(lambda i: i.exception_reason == "delivery_delay").order_id
        vals_list = []
        for picking in late.sorted("date_done"):
            if picking.sale_id not in delayed:
                delayed |= picking.sale_id
                vals_list.append(picking.sale_id._followup_delay_values(picking))
        for picking in returns - known.picking_id:
            vals_list.append(picking.sale_id._followup_return_values(picking))
        # The salesperson's activity tells him: no "assigned to you" e-mails,
        # one per late delivery or return, however many a batch validates.
        Interaction.with_context(
            mail_auto_subscribe_no_notify=True, mail_activity_quick_update=True
        ).create(vals_list)

    def _followup_exception_values(self, picking, reason, severity, summary, next_action):
        """An exception on the order, opened by ``picking``, for its
        salesperson to handle today."""
        self.ensure_one()
        salesperson = self.user_id or self.env.user
        return {
            "order_id": self.id,
            "kind": "exception",
            "channel": "other",
            "date": picking.date_done,
            "user_id": salesperson.id,
            # Nobody spoke with the customer: the transfer opened it.
            "participant_user_ids": [Command.clear()],
            "summary": summary,
            "exception_reason": reason,
            "exception_severity": severity,
            "picking_id": picking.id,
            "next_action": next_action,
            "next_action_user_id": salesperson.id,
            # The day the interaction's own check reads (same context).
            "next_action_date": fields.Date.context_today(self, picking.date_done),
        }

    def _followup_salesperson_env(self):
        """This order in its salesperson's language, for the texts he reads."""
        self.ensure_one()
        return self.with_context(lang=(self.user_id or self.env.user).lang or self.env.lang)

    def _followup_delay_values(self, picking):
        order = self._followup_salesperson_env()
        env = order.env
        return self._followup_exception_values(
            picking,
            "delivery_delay",
            "medium",
            env._(
                "Delivery %(transfer)s was done on %(done)s, later than the delivery "
                "date committed to the customer (%(committed)s).",
                transfer=picking.name,
                done=format_date(env, order._followup_company_day(picking.date_done)),
                committed=format_date(env, order._followup_company_day(order.commitment_date)),
            ),
            env._("Call the customer about the late delivery and confirm the goods arrived"),
        )

    def _followup_return_values(self, picking):
        order = self._followup_salesperson_env()
        env = order.env
        summary = env._(
            "Goods came back from the customer: return %(transfer)s was validated on %(done)s.",
            transfer=picking.name,
            done=format_date(env, order._followup_company_day(picking.date_done)),
        )
        beyond = order._followup_returned_beyond_delivered()
        if beyond:
            summary = env._(
                "%(summary)s More came back than was delivered: %(products)s. Check the "
                "return with the warehouse before crediting the customer.",
                summary=summary,
                products=", ".join(beyond),
            )
        return self._followup_exception_values(
            picking,
            "other",
            "high" if beyond else "medium",
            summary,
            env._("Ask the customer why the goods came back and what he expects"),
        )

    def _followup_returned_beyond_delivered(self):
        """The products of which more came back from the customer than was
        delivered to him, each as "product: returned / delivered"."""
        self.ensure_one()
        balance = defaultdict(lambda: [0.0, 0.0])
        for move in self.picking_ids.move_ids.filtered(lambda move: move.state == "done"):
            product = move.product_id
            quantity = move.product_uom._compute_quantity(move.quantity, product.uom_id)
            if move.location_dest_id.usage == "customer":
                balance[product][1] += quantity
            elif move.location_id.usage == "customer":
                balance[product][0] += quantity
        return [
            f"{product.display_name}: {returned:g} / {delivered:g}"
            for product, (returned, delivered) in balance.items()
            if float_compare(returned, delivered, precision_rounding=product.uom_id.rounding) > 0
        ]

    def _followup_warn_cancelled(self, pickings):
        """A transfer validated for a cancelled order changes nothing in its
        follow-up; its salesperson gets a warning to sort it out with the
        warehouse, once per transfer."""
        for picking in pickings.filtered(
            lambda picking: picking.state == "done" and picking.sale_id in self
        ):
            order = picking.sale_id._followup_salesperson_env()
            summary = order.env._(
                "%(transfer)s validated on a cancelled order",
                transfer=picking.name,
            )
            if any(activity.summary == summary for activity in order.activity_ids):
                continue
            order.activity_schedule(
                "mail.mail_activity_data_warning",
                date_deadline=fields.Date.context_today(order),
                summary=summary,
                note=order.env._(
                    "The order is cancelled, so its follow-up records no delivery, "
                    "return or delay for this transfer. Check with the warehouse what "
                    "left or came back, then reopen the order or have the goods returned."
                ),
                user_id=(order.user_id or self.env.user).id,
            )
