"""The Patients area: search, registration, the chart and its corrections."""
