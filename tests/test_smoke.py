"""The server answers, admin can log in, and the add-on is installed."""

from odoo_rpc import OdooRPC


def test_admin_login(odoo_server):
    client = OdooRPC(odoo_server.url, odoo_server.db)
    try:
        assert client.login("admin", "admin")
        assert client.login("admin", "not the password") is False
    finally:
        client.close()


def test_module_installed(rpc):
    modules = rpc.execute(
        "ir.module.module", "search_read", [("name", "=", "sales_followup")], fields=["state"]
    )
    assert [module["state"] for module in modules] == ["installed"]
