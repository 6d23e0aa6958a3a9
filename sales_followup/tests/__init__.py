from . import test_activities
from . import test_performance
from . import test_plan
from . import test_reminders
from . import test_tier
