"""Plain clinic rules and values (ids, money, time slots, identity, insurance): no I/O."""
