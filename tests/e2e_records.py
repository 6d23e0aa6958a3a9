"""Records the end-to-end suites make over RPC, one way for all of them."""


def ref(admin, xmlid):
    """The database id of ``xmlid`` (``module.name``)."""
    module, name = xmlid.split(".")
    [data] = admin.execute(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return data["res_id"]


def confirmed_order(admin, partner_id, product_id, user_id, team_id, company_id=None):
    """A confirmed one-line order of ``partner_id``, in ``company_id`` when given."""
    context = {"allowed_company_ids": [company_id]} if company_id else {}
    values = {
        "partner_id": partner_id,
        "user_id": user_id,
        "team_id": team_id,
        "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 1})],
    }
    if company_id:
        values["company_id"] = company_id
    order_id = admin.execute("sale.order", "create", values, context=context)
    admin.execute("sale.order", "action_confirm", [order_id], context=context)
    return order_id
