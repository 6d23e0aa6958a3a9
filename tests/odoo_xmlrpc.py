"""A small XML-RPC client for Odoo's /xmlrpc/2 endpoints, with the interface
of ``odoo_rpc.OdooRPC``, so that a test can run over either protocol.

/xmlrpc/2 answers an error with a fault code, not the exception's name:
4 for an AccessError, 3 for AccessDenied, 2 for a UserError or any of its
subclasses (ValidationError included: XML-RPC cannot tell them apart), and
1 with the traceback, whose last line names the exception, for the others.
"""

import xmlrpc.client

from odoo_rpc import OdooRPCError

FAULT_NAMES = {
    2: "odoo.exceptions.UserError",
    3: "odoo.exceptions.AccessDenied",
    4: "odoo.exceptions.AccessError",
}


def fault_name(fault):
    """The Odoo exception's dotted name for an XML-RPC fault."""
    if fault.faultCode in FAULT_NAMES:
        return FAULT_NAMES[fault.faultCode]
    last = fault.faultString.strip().splitlines()[-1] if fault.faultString.strip() else ""
    return last.split(":", 1)[0].strip()


class OdooXMLRPC:
    """Call the Odoo server at ``url`` on database ``db`` over XML-RPC."""

    def __init__(self, url, db, timeout=120):
        self.url = url.rstrip("/")
        self.db = db
        self.uid = None
        self.password = None
        self._common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common", allow_none=True)
        self._object = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)

    def login(self, login, password):
        """Authenticate; return the user id (False when refused)."""
        uid = self._common.login(self.db, login, password)
        if uid:
            self.uid, self.password = uid, password
        return uid

    def execute(self, model, method, *args, **kwargs):
        """``object.execute_kw`` as the logged-in user."""
        assert self.uid, "call login() first"
        try:
            return self._object.execute_kw(
                self.db, self.uid, self.password, model, method, list(args), kwargs
            )
        except xmlrpc.client.Fault as fault:
            raise OdooRPCError(
                {"data": {"name": fault_name(fault), "message": fault.faultString}}
            ) from None

    def close(self):
        for proxy in (self._common, self._object):
            proxy("close")()
