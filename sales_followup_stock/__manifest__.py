{
    "name": "Sales Follow-up: Inventory",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "summary": "Deliveries decide when an order is delivered, late and returned",
    "description": """
With Odoo Inventory, the follow-up plan of an order follows its deliveries:
the pre-delivery call moves with the delivery's scheduled date, validating
the last delivery to the customer marks the order delivered (which plans the
satisfaction survey), a late delivery or a return opens an exception on the
order for its salesperson.
""",
    "author": "sales_followup",
    "license": "LGPL-3",
    "depends": ["sales_followup", "sale_stock"],
    "data": [
        "views/sale_order_views.xml",
        "views/sales_followup_interaction_views.xml",
    ],
    "demo": [
        "demo/sales_followup_stock_demo.xml",
    ],
    "auto_install": True,
}
