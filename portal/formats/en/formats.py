# English for a Dutch organisation: day before month everywhere (Django's English default is m/d/Y).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
DATETIME_FORMAT = "j F Y H:i"
