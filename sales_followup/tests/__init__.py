from . import test_activities
from . import test_care_plan
from . import test_customer_code
from . import test_performance
from . import test_plan
from . import test_segment
from . import test_tier
