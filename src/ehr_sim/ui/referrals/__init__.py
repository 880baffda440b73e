"""The Referrals area: referrals to specialists and prior authorisations with payers."""
