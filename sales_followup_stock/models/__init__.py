from . import sale_order
from . import sales_followup_interaction
from . import stock_picking
