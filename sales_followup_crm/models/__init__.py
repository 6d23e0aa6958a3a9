from . import crm_lead
from . import crm_team
from . import res_company
from . import res_config_settings
from . import sale_order
from . import sales_followup_interaction
from . import sales_followup_step
from . import sales_followup_monthly_report
