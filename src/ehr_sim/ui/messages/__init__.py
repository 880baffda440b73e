"""Messages & phone: the in-basket, fax and letters tabs (and the phone's, on its branch)."""
