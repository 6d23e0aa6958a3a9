from . import test_activities
from . import test_performance
from . import test_plan
from . import test_reminders
from . import test_tier
from . import test_interaction
from . import test_interaction_quick_log
from . import test_interaction_text_checks
