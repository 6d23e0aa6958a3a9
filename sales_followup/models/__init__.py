# Mixins first: the models below inherit them.
from . import sales_followup_privacy_mixin
from . import ir_cron
from . import mail_activity
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_users
from . import resource_calendar
from . import sale_order
from . import sales_followup_care_action
from . import sales_followup_care_plan
from . import sales_followup_care_template
from . import sales_followup_care_template_line
from . import sales_followup_interaction
from . import sales_followup_monthly_report
from . import sales_followup_step
from . import sales_followup_tier
