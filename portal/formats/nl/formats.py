# The portal's Dutch date formats (Django's own, except the short date with leading zeros: 01-02-2027).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
