from . import test_survey_answer
from . import test_survey_http
from . import test_survey_invitation
from . import test_survey_report
from . import test_survey_reminder
