"""Who may read, search, write and delete whose follow-up data: the one access
matrix, read by the ORM tests (``test_access.py``) and by the tests over
JSON-RPC (``tests/test_access_matrix_rpc.py``).

Plain data, without Odoo imports, so that the RPC tests load it from this
file. Records: "a" belongs to rep A (his customer, his order in team A, his
interaction), "b" to rep B (team B), "c2" to the second company. Operations:
r = read, s = search, w = write, u = unlink; the letters of a cell are the
operations allowed, all others are refused.
"""

OPERATIONS = {"r": "read", "s": "search", "w": "write", "u": "unlink"}

# Orders' and customers' follow-up data: the salesperson's, his team
# leader's, the "all documents" salespeople's and the managers', in their
# companies.
FOLLOWUP_MATRIX = {
    "rep_a": {"a": "rsw", "b": "", "c2": ""},
    "rep_b": {"a": "", "b": "rsw"},
    "team_leader": {"a": "rsw", "b": ""},
    "all_documents": {"a": "rsw", "b": "rsw", "c2": ""},
    "manager": {"a": "rswu", "b": "rswu", "c2": ""},
    "portal": {"a": "", "b": ""},
    "public": {"a": "", "b": ""},
}
# Configuration (tiers, care templates and their actions): read by every
# salesperson of the company, edited by managers.
CONFIG_MATRIX = {
    "rep_a": {"a": "rs", "c2": ""},
    "team_leader": {"a": "rs"},
    "all_documents": {"a": "rs", "c2": ""},
    "manager": {"a": "rswu", "c2": ""},
    "portal": {"a": ""},
    "public": {"a": ""},
}
# The monthly report is the managers': others have no access line at all.
REPORT_MATRIX = {
    "rep_a": {"a": ""},
    "team_leader": {"a": ""},
    "all_documents": {"a": ""},
    "manager": {"a": "rswu", "c2": ""},
    "portal": {"a": ""},
    "public": {"a": ""},
}
MATRICES = {
    "sales_followup.step": FOLLOWUP_MATRIX,
    "sales_followup.interaction": FOLLOWUP_MATRIX,
    "sales_followup.care.plan": FOLLOWUP_MATRIX,
    "sales_followup.care.action": FOLLOWUP_MATRIX,
    "sales_followup.commitment": FOLLOWUP_MATRIX,
    "sales_followup.complaint": FOLLOWUP_MATRIX,
    "sales_followup.tier": CONFIG_MATRIX,
    "sales_followup.care.template": CONFIG_MATRIX,
    "sales_followup.care.template.line": CONFIG_MATRIX,
    "sales_followup.monthly.report": REPORT_MATRIX,
}

# Roles without any access line on a model: Odoo refuses even the search,
# instead of hiding records.
NO_ACCESS_ROLES = {"portal", "public"}
NO_ACCESS_ROLES_BY_MODEL = {
    "sales_followup.monthly.report": {"rep_a", "team_leader", "all_documents", *NO_ACCESS_ROLES},
}

# What the write cells write (dates as the RPC sends them; the ORM takes the
# same strings).
WRITE_VALUES = {
    "sales_followup.step": {"topic": "Bring the updated drawings."},
    "sales_followup.interaction": {"channel_detail": "WeCom voice call"},
    "sales_followup.care.plan": {"date_start": "2026-01-05"},
    "sales_followup.care.action": {"remarks": "Bring the new catalogue."},
    "sales_followup.commitment": {"name": "Send the updated drawings."},
    "sales_followup.complaint": {"complained_department": "Logistics"},
    "sales_followup.tier": {"topics": "Confirm the order details."},
    "sales_followup.care.template": {"description": "Light touch, real value."},
    "sales_followup.care.template.line": {"description": "Call, then send the offer."},
    "sales_followup.monthly.report": {"date_from": "2025-07-01"},
}


def cells():
    """Every (model, role, record, operation, allowed) of the matrix."""
    for model, matrix in MATRICES.items():
        for role, by_record in matrix.items():
            for key, allowed in by_record.items():
                for letter, operation in OPERATIONS.items():
                    yield model, role, key, operation, letter in allowed
