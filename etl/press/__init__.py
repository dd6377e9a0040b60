"""Press releases -> candidate records in the raw contract, each field with the span it came from."""

from etl.press.extract import extract_file, extract_text
from etl.press.reader import UnreadableRelease

__all__ = ["UnreadableRelease", "extract_file", "extract_text"]
