"""A confirmed sales order gets a follow-up tier and plan, seen through JSON-RPC."""


def test_confirmed_key_order_gets_first_contact(rpc):
    partner_id = rpc.execute("res.partner", "create", {"name": "E2E Follow-up Customer"})
    product_id = rpc.execute(
        "product.product",
        "create",
        {"name": "E2E Follow-up Machine", "type": "consu", "list_price": 120000},
    )
    order_id = rpc.execute(
        "sale.order",
        "create",
        {
            "partner_id": partner_id,
            "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 1})],
        },
    )

    rpc.execute("sale.order", "action_confirm", [order_id])

    [order] = rpc.execute(
        "sale.order", "read", [order_id], fields=["state", "followup_tier_id", "followup_step_ids"]
    )
    assert order["state"] == "sale"
    assert order["followup_tier_id"], "the confirmed order has no follow-up tier"
    tier_id = order["followup_tier_id"][0]
    [tier] = rpc.execute("sales_followup.tier", "read", [tier_id], fields=["code"])
    assert tier["code"] == "key"
    steps = rpc.execute("sales_followup.step", "read", order["followup_step_ids"], fields=["kind"])
    assert "first_contact" in {step["kind"] for step in steps}
