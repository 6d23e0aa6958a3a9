from . import mail_activity
from . import sales_followup_monthly_report
from . import sales_followup_step
from . import survey_question
from . import survey_user_input
