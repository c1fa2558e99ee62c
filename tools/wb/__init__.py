"""The workbook driver: ./workbook COMMAND (see cli.py and commands/)."""
