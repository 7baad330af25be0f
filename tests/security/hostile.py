"""The shared list of hostile values: what an attacker, a broken client or a pasted spreadsheet sends where a
token, an id, a name, a date or a text is expected. test_hostile_input posts each of them to every form and
puts each into every URL argument; test_fuzz_forms mixes them into its generated input.

Each has been a 500 somewhere: NUL bytes (PostgreSQL refuses them in a query), Unicode digits ('²' passes
str.isdigit() and then fails int()), line breaks in a name (an e-mail header, an iCal line), text longer
than its column, dates at the ends of what a date can hold.
"""

NUL = ["\x00", "a\x00b", "%00", "1\x00"]
NON_ASCII_DIGITS = ["²", "١٢", "੩", "½", "1²"]
LINE_BREAKS = ["Jan\r\nBcc: iemand@example.nl", "Jan\nJansen", "Jan\u2028Jansen", "Jan\rJansen"]
OVER_LONG = ["x" * 301, "y" * 5001, "9" * 40]
DATES = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2026-02-30"]
ODD = ["", " ", "-1", "0", "NaN", "😀" * 20, "\u202e\ufeff", "../../etc/passwd", "<script>alert(1)</script>"]

HOSTILE_VALUES = [*NUL, *NON_ASCII_DIGITS, *LINE_BREAKS, *OVER_LONG, *DATES, *ODD]
