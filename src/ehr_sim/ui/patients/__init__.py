"""PatientsView (being built)."""
