"""The Reports area: the day sheet, drawer count, deposit slip, A/R aging and denials."""
