"""A rep logs customer touches over JSON-RPC and reads the customer's timeline back."""

import pytest

from odoo_rpc import OdooRPCError


def _confirmed_order(rpc, customer_name):
    partner_id = rpc.execute("res.partner", "create", {"name": customer_name, "is_company": True})
    product_id = rpc.execute(
        "product.product",
        "create",
        {"name": f"{customer_name} machine", "type": "consu", "list_price": 20000},
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
    return partner_id, order_id


def test_log_interaction_on_step_and_read_timeline(rpc):
    partner_id, order_id = _confirmed_order(rpc, "E2E Timeline Trading")
    [step] = rpc.execute(
        "sales_followup.step",
        "search_read",
        [("order_id", "=", order_id), ("kind", "=", "first_contact")],
        fields=["state"],
    )
    assert step["state"] == "planned"

    first = rpc.execute(
        "sales_followup.interaction",
        "create",
        {
            "partner_id": partner_id,
            "order_id": order_id,
            "step_id": step["id"],
            "channel": "phone",
            "summary": "Customer confirmed the delivery address: building 3 of the park.",
        },
    )
    second = rpc.execute(
        "sales_followup.interaction",
        "create",
        {
            "partner_id": partner_id,
            "order_id": order_id,
            "kind": "survey",
            "channel": "im",
            "satisfaction": 5,
            "summary": "Delivered on time; the customer praised the packaging.",
        },
    )

    timeline = rpc.execute(
        "sales_followup.interaction",
        "search_read",
        [("partner_id", "=", partner_id)],
        fields=["summary", "kind", "channel", "satisfaction", "order_id", "step_id"],
    )
    assert {row["id"] for row in timeline} == {first, second}
    by_id = {row["id"]: row for row in timeline}
    assert by_id[first]["step_id"][0] == step["id"]
    assert by_id[second]["satisfaction"] == 5
    assert by_id[second]["order_id"][0] == order_id

    [step_after] = rpc.execute(
        "sales_followup.step", "read", [step["id"]], fields=["state", "interaction_id"]
    )
    assert step_after["state"] == "done"
    assert step_after["interaction_id"][0] == first

    [customer] = rpc.execute(
        "res.partner",
        "read",
        [partner_id],
        fields=["followup_interaction_count", "followup_satisfaction_avg"],
    )
    assert customer["followup_interaction_count"] == 2
    assert customer["followup_satisfaction_avg"] == 5


def test_vague_or_personal_summary_refused_over_rpc(rpc):
    partner_id, order_id = _confirmed_order(rpc, "E2E Careful Logging")
    for summary, expected in (
        ("已與客戶溝通", "ValidationError"),
        ("Call me back on 13812345678 about the delivery slot.", "ValidationError"),
    ):
        with pytest.raises(OdooRPCError) as caught:
            rpc.execute(
                "sales_followup.interaction",
                "create",
                {"partner_id": partner_id, "order_id": order_id, "summary": summary},
            )
        assert expected in caught.value.name
    assert (
        rpc.execute("sales_followup.interaction", "search_count", [("partner_id", "=", partner_id)])
        == 0
    )
