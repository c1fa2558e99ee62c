"""One module a command; see cli.py."""
