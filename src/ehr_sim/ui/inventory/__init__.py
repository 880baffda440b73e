"""The Inventory area: supplies and forms, purchase orders and receiving, lots and expiry."""
