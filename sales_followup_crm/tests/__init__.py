from . import test_lead_plan
from . import test_lead_register
from . import test_lead_interaction
from . import test_assignment_handover
from . import test_access
from . import test_ui
from . import test_monthly_report
from . import test_navigation
