"""ScheduleView (being built)."""
