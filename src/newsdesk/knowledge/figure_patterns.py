"""How news text writes figures: the patterns and word lists the figure extractor reads with.

Kept apart from ``figures`` so the rules there read as rules; every name here is a compiled
pattern or a vocabulary, documented where it is not obvious.
"""

from __future__ import annotations

import re

from newsdesk.knowledge import numbers

SCALE = r"(?:hundred|thousand|million|billion|trillion)"
CURRENCY_SIGNS = {
    "us$": "USD",
    "$": "USD",
    "c$": "CAD",
    "a$": "AUD",
    "hk$": "HKD",
    "nz$": "NZD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₦": "NGN",
    "ksh": "KES",
    "r$": "BRL",
}
CODES = (
    "USD|EUR|GBP|JPY|CNY|CHF|INR|RUB|CAD|AUD|CZK|KES|NGN|XOF|XAF|ZAR|BRL|MXN|SEK|NOK|DKK|PLN|HUF|"
    "TRY|KRW|SGD|HKD|NZD|ILS|EGP|SAR|AED|PKR|BDT|IDR|THB|PHP|MYR|UAH|GHS|ETB|TZS|UGX|COP"
)
CURRENCY_WORDS = {
    "us dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "swiss francs": "CHF",
    "cfa francs": "XOF",
    "naira": "NGN",
    "kenyan shillings": "KES",
    "czech crowns": "CZK",
    "koruna": "CZK",
    "rand": "ZAR",
    "hryvnias": "UAH",
    "cedis": "GHS",
    **{code.lower(): code for code in CODES.split("|")},
}
# What may follow "a third" when it is a share and not an ordinal ("a third term").
AFTER_FRACTION = (
    r"\s+(?:of|as|more|less|fewer|by|in|on|to|from|since|over|and|or|than|compared|higher|"
    r"lower|above|below)\b|\s*[.,;:)]|\s*$"
)
NUMBER = re.compile(
    r"(?P<vague>\b(?:tens|hundreds|thousands|millions|billions|dozens|scores)"
    r"(?:\s+of\s+(?:thousands|millions|billions))?)(?=\s+of\b)"
    r"|(?P<frac>\b(?:a|one|two|three|four|five|six|seven|eight|nine)[- ]"
    r"(?:half|thirds?|quarters?|fifths?|tenths?)(?=" + AFTER_FRACTION + r")"
    r"|\b(?:two|three|four)-(?:thirds|quarters|fifths)\b"
    r"|\bhalf\b(?=\s+(?:of|the|its|their|his|her|all)\b))"
    r"|(?P<ratio>\b(?:\d{1,2}|" + numbers.WORD + r")\s+(?:in|out\s+of)\s+"
    r"(?:10|100|1,000|1000|ten|twenty|a\s+hundred|a\s+thousand|" + numbers.WORD + r")\b)"
    r"|(?:(?P<cur>US\$|C\$|A\$|HK\$|NZ\$|R\$|\$|€|£|¥|₹|₽|₦|KSh|(?:" + CODES + r")\b)\s?)?"
    r"(?:(?P<digits>" + numbers.DIGITS_PATTERN + r")"
    r"(?:\s?(?P<suffix>bn|mn|mln|bln|tn|trn|m|k|b)\b"
    r"|\s+(?P<scale>" + SCALE + r"(?:\s+" + SCALE + r")?|dozen)\b)?"
    r"|(?P<half>\bhalf\s+a\s+(?:million|billion|trillion)\b)"
    r"|(?P<words>\b(?:" + numbers.WORDS_PATTERN + r"|an?\s+(?:dozen|" + SCALE + r"))"
    r"(?:\s+dozen)?\b))"
    r"(?P<pct>\s?%|\s+per\s?cent\b|\s+percentage\s+points?\b)?",
    re.IGNORECASE,
)
CURRENCY_AFTER = re.compile(
    r"\s+(" + "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
RATE_UNITS = (
    "day|week|month|quarter|year|annum|hour|minute|person|head|capita|household|tonne|ton|"
    "barrel|litre|liter|gallon|kilogram|kilo|kg|megawatt-hour|kilowatt-hour|MWh|kWh|share|"
    "passenger|vehicle|student|patient|visit|night|seat|unit|bag|pound|ounce"
)
PER = re.compile(
    r"\s*(?:(?:a|an|each|every)\s+(?P<unit>" + RATE_UNITS + r")\b"
    r"|per\s+(?P<any>[a-z][\w-]*)"
    r"|,?\s*(?P<adverb>daily|weekly|monthly|quarterly|annually|yearly)\b)",
    re.IGNORECASE,
)
ADVERBS = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "annually": "year",
    "yearly": "year",
}
MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
PERIOD_CORE = (
    r"(?:the\s+)?(?:first|second|third|fourth|final|last)\s+(?:quarter|half)"
    r"(?:\s+of\s+(?:\d{4}|(?:last|this|next)\s+year))?"
    r"|Q[1-4](?:\s+\d{4})?"
    r"|(?:last|this|next)\s+(?:year|month|quarter|week)"
    r"|fiscal\s+(?:year\s+)?\d{4}"
    r"|" + MONTHS + r"(?:\s+\d{4})?"
    r"|(?:that|the\s+same|the\s+previous|the\s+following)\s+(?:year|month|quarter|period)"
    r"|the\s+(?:year|twelve\s+months|12\s+months)\s+to\s+" + MONTHS + r"(?:\s+\d{4})?"
    r"|\d{4}(?:[-–/]\d{2,4})?(?!\d|[,.]\d|%)"
)
PERIOD_AFTER = re.compile(
    r"\s*,?\s*(?:in|during|over|for|by)\s+(?P<period>" + PERIOD_CORE + r")\b"
    r"|\s+(?P<bare>(?:last|this|next)\s+(?:year|month|quarter))\b",
)
PERIOD_LATER = re.compile(
    r"\b(?:(?:in|during|over|by|at|for)\s+(?P<period>(?:the\s+(?:end|start|middle)\s+of\s+)?(?:"
    + PERIOD_CORE
    + r"))|(?P<bare>(?:last|this|next)\s+(?:year|month|quarter)))\b"
)
# A period inside the noun phrase that leads to the figure: "the end-of-August level of 58%",
# "the March figure of 4.1%", "last year's total of 212".
PERIOD_BEFORE = re.compile(
    r"\b(?P<period>(?:the\s+)?(?:(?:end|start|middle)-of-)?" + MONTHS + r"(?:\s+\d{4})?"
    r"|(?:last|this|next)\s+(?:year|month|quarter)['’]s)"
    r"\s+(?:[a-z]+\s+){0,2}?(?:level|figure|total|rate|reading|peak|low|high|average)"
    r"\s+(?:of|at|was)\s+$"
)
CLAUSE_END = re.compile(r"[,;:()—]|\b(?:and|but|while|which|who|whereas|although)\b")
PERIOD_OPENING = re.compile(
    r"\s*(?:(?:In|During|Over|By)\s+)?(?P<period>" + PERIOD_CORE + r")\s*,", re.IGNORECASE
)
PLACE = re.compile(r"\s+(?:in|at)\s+(?!" + MONTHS + r"\b)[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*")
FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
TO_AFTER = re.compile(r"\s*,?\s*to\s+", re.IGNORECASE)
AND_AFTER = re.compile(r"\s+and\s+", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
FROM_AFTER = re.compile(
    r"\s*,?\s*(?:(?:up|down|rising|falling)\s+from|from|compared\s+(?:with|to)|against)\s+",
    re.IGNORECASE,
)
LABEL_BEFORE = re.compile(
    r"\b(?:section|article|chapter|no\.|number|page|paragraph|resolution|rule|route|highway|"
    r"flight|room|amendment|title|proposition|prop\.|level|phase|category|grade|class|form|item|"
    r"table|figure|fig\.|vol\.|volume|episode|season|round|stage|schedule|annex|clause|line|"
    r"district|ward|gate|platform|version|aged?|code)\s+$",
    re.IGNORECASE,
)
PHONE = re.compile(r"\+?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,}")
TIME_AFTER = re.compile(r"(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b))")
MONTH_AFTER = re.compile(r"\s+" + MONTHS + r"\b")  # "13 May"
MONTH_BEFORE = re.compile(r"\b" + MONTHS + r"\.?\s+$")  # "May 13"
TIME_UNITS = frozenset(
    [
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "second",
        "seconds",
        "decade",
        "decades",
        "century",
        "centuries",
        "winters",
        "summers",
        "seasons",
    ]
)
HYPHEN_MEASURE = re.compile(
    r"-(?:kilometre|kilometer|km|mile|metre|meter|tonne|ton|megawatt|gigawatt|kilowatt|"
    r"hectare|acre|litre|liter|gallon|barrel|foot|feet|inch|storey|story|seat|bed|berth)s?\b",
    re.IGNORECASE,
)
DURATION_BEFORE = re.compile(
    r"\b(?:for|over|during|within|in|after|before|since|until|aged?|the\s+(?:next|past|last|"
    r"coming|first|following|previous|final|other)|next|past|last|these|those|recent|every)\s+"
    r"(?:(?:about|almost|nearly|some|more\s+than|less\s+than|around|roughly|over|under|"
    r"at\s+least|another|more)\s+)?$",
    re.IGNORECASE,
)
DURATION_AFTER = re.compile(
    r"\s*(?:-old|ago|old|later|earlier|before|after|from\s+now|of\s+age|into|on)\b", re.I
)
SKIPPED_LABELS = frozenset(
    [
        "DATE",
        "TIME",
        "ORDINAL",
        "ORG",
        "PERSON",
        "GPE",
        "LOC",
        "FAC",
        "NORP",
        "LAW",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LANGUAGE",
    ]
)
PERCENT = ("%", "percentage points")
# Singular nouns that still say what a number measures ("5 km", "300 MW").
MEASURES = frozenset(
    [
        "km",
        "kg",
        "mph",
        "kph",
        "mw",
        "gw",
        "kw",
        "kwh",
        "gwh",
        "twh",
        "mm",
        "cm",
        "ft",
        "lb",
        "oz",
        "ha",
        "bpd",
        "sq",
        "capita",
        "tonne",
        "ton",
        "barrel",
        "metre",
        "meter",
        "mile",
        "staff",
        "personnel",
        "police",
        "crew",
        "aircraft",
        "cattle",
        "livestock",
    ]
)
# Words between a number and its noun that are not part of the unit ("500 more electric buses",
# "32 daily crossings": the rate goes to ``per``).
RATE_ADJECTIVES = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "annual": "year",
    "yearly": "year",
}
RATE_ADJECTIVE = re.compile(r"\b(?:" + "|".join(RATE_ADJECTIVES) + r")\b", re.IGNORECASE)
NOT_UNIT_WORDS = frozenset(
    [
        *("additional", "more", "other", "extra", "further", "fewer", "such", "same", "several"),
        *("new", *RATE_ADJECTIVES),
    ]
)
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "HYPH", "NNP", "NNPS"})
