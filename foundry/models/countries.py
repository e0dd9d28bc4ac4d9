"""Countries and regions external talent come from (ISO 3166-1 alpha-2 codes, with labels).

The list covers the places GIP applicants come from; "ZZ" is any other country.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

COUNTRIES = (
    ("HK", _l("Hong Kong")), ("CN", _l("Mainland China")), ("MO", _l("Macao")),
    ("TW", _l("Taiwan")), ("AU", _l("Australia")), ("AT", _l("Austria")),
    ("BD", _l("Bangladesh")), ("BE", _l("Belgium")), ("BR", _l("Brazil")),
    ("CA", _l("Canada")), ("CH", _l("Switzerland")), ("DE", _l("Germany")),
    ("DK", _l("Denmark")), ("EG", _l("Egypt")), ("ES", _l("Spain")), ("FI", _l("Finland")),
    ("FR", _l("France")), ("GB", _l("United Kingdom")), ("GH", _l("Ghana")),
    ("ID", _l("Indonesia")), ("IE", _l("Ireland")), ("IL", _l("Israel")), ("IN", _l("India")),
    ("IT", _l("Italy")), ("JP", _l("Japan")), ("KE", _l("Kenya")), ("KR", _l("South Korea")),
    ("MX", _l("Mexico")), ("MY", _l("Malaysia")), ("NG", _l("Nigeria")),
    ("NL", _l("Netherlands")), ("NO", _l("Norway")), ("NZ", _l("New Zealand")),
    ("PH", _l("Philippines")), ("PK", _l("Pakistan")), ("PL", _l("Poland")),
    ("PT", _l("Portugal")), ("SA", _l("Saudi Arabia")), ("SE", _l("Sweden")),
    ("SG", _l("Singapore")), ("TH", _l("Thailand")), ("TR", _l("Türkiye")),
    ("AE", _l("United Arab Emirates")), ("US", _l("United States")), ("VN", _l("Vietnam")),
    ("ZA", _l("South Africa")), ("ZZ", _l("Other country")),
)


def origin_for_country(country: str | None) -> str:
    """The origin of external talent from their country: Hong Kong, Mainland or overseas."""
    if country == "HK":
        return "hong_kong"
    return "mainland" if country == "CN" else "overseas"
