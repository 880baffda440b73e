"""Billing & claims: the claims work list, the CMS-1500 view, remittances and their codes."""
