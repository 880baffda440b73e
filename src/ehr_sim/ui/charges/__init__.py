"""Charge entry: the visits waiting for their charges and the superbill they are entered on."""
