from . import test_delivery
from . import test_delivery_exceptions
from . import test_performance
