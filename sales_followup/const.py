"""Values several models share: the one place each is defined."""

# Steps still to do: the ones to remind of, mark overdue, escalate, cancel.
OPEN_STATES = ("planned", "overdue")
# Steps that reach out to the customer: "do not contact" stops them.
PROACTIVE_KINDS = ("first_contact", "cadence", "pre_delivery", "satisfaction")
# How the customer is reached, shared by steps, interactions and care actions.
CHANNELS = [
    ("phone", "Phone"),
    ("im", "WeChat / IM"),
    ("email", "Email"),
    ("visit", "Visit"),
    ("video", "Video Call"),
    ("other", "Other"),
]
# How a call went (seeds 001, 002, 004): every attempt is logged, reached or not.
CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No Answer"),
    ("busy", "Busy"),
    ("refused", "Refused"),
    ("wrong_number", "Wrong Number"),
]
# Calls that did not reach the customer: logged with a short note, they
# complete no plan step.
UNREACHED_OUTCOMES = ("no_answer", "busy", "refused", "wrong_number")
# Channels on which a contact is a call, with an outcome.
CALL_CHANNELS = ("phone", "im", "video")
# A next action written without a date is due this many working days after
# the contact (company calendar): the rep who did not think of a date gets a
# sensible one rather than a refusal.
NEXT_ACTION_WORKING_DAYS = 2
# A call longer than this (10 hours) is most likely a typing slip: saved only
# when the rep confirms it, as dates outside 2000-2100 are refused.
LONG_CALL_MINUTES = 600
# How serious an exception or a complaint is (seed 003): who handles it.
SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]

# Care actions still to carry out: the ones to plan around, remind of, cancel.
CARE_OPEN_STATES = ("planned", "in_progress")
# How well a care action went (seed 001: 優 / 良 / 中 / 差).
EFFECTS = [("excellent", "Excellent"), ("good", "Good"), ("fair", "Fair"), ("poor", "Poor")]
# Who carries out a care action of a template line.
EXECUTOR_ROLES = [
    ("salesperson", "Salesperson"),
    ("manager", "Sales Manager"),
    ("director", "Sales Director"),
]

# A customer's segment and health, per company (sales_followup.customer.stats).
SEGMENTS = [
    ("new", "New"),
    ("returning", "Returning"),
    ("high_value", "High Value"),
    ("dormant", "Dormant"),
]
# Customers' A/B/C class (seed 002): how much attention a customer deserves.
ABC_CLASSES = [
    ("a", "A (High Value)"),
    ("b", "B (Potential)"),
    ("c", "C (Low Frequency)"),
]
HEALTH_STATES = [
    ("good", "Healthy"),
    ("watch", "Watch"),
    ("at_risk", "At Risk"),
]
# How a customer's health is judged (per company: the no-contact and at-risk
# delays), the help of every health field.
HEALTH_HELP = (
    "Healthy: no warning. Watch: one warning (no recent contact, declining "
    "orders or open exceptions). At Risk: two warnings or more, an open "
    "exception of high severity, or no contact for the company's at-risk delay "
    "(90 days by default)."
)

# Longest texts accepted: a paragraph in a one-line field, a few pages in a
# note (the workbook cuts a cell at 32,767 characters).
CHAR_MAX = 500
TEXT_MAX = 10_000

# Context key: the reminder owner handles the reminders itself in this call
# (a batch re-planned, its reminders synced once at the end).
REMINDER_OWNER = "followup_reminder_owner"
