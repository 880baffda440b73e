"""Messages & phone: the office phone's lines and call log, and the office voicemail box."""
