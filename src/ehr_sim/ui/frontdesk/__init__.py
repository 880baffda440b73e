"""FrontDeskView (being built)."""
