"""The classroom's windows: the lab machine's sign-in dialog."""
