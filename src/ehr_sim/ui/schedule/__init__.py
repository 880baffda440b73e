"""Schedule area: day and week grids, booking, rescheduling, cancelling and the waitlist."""
