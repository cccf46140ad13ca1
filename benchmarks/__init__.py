"""`make bench`: the scale benchmark and the synthetic desk it builds. Not part of the wheel."""
