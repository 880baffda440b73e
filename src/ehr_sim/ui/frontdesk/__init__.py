"""Front desk: today's arrivals, late flags and the step-by-step check-in dialog."""
