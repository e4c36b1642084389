"""SDK doc dialects: one module per dialect, each a table of notations and page
conventions (see ``base.Dialect``)."""

from .base import Dialect
from .registry import DIALECTS, detect, get

__all__ = ["DIALECTS", "Dialect", "detect", "get"]
