from . import privacy_lookup_wizard
from . import sales_followup_care_action_done
from . import sales_followup_monthly_report_wizard
