"""Analysis package for *The DeepSeek Shock*: data snapshot, loaders, return maths, house style."""

from .descriptor import data_dir
from .loaders import closes, load_daily, load_intraday, load_prices, load_table
from .schema import DataError

__all__ = ["DataError", "closes", "data_dir", "load_daily", "load_intraday", "load_prices", "load_table"]
