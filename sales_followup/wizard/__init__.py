from . import sales_followup_care_action_done
