"""A small built-in table of real US zips so the emulator can fill city/state (15.7)."""

ZIPS = {
    "02108": ("Boston", "MA"), "02139": ("Cambridge", "MA"), "02903": ("Providence", "RI"),
    "03301": ("Concord", "NH"), "04101": ("Portland", "ME"), "05401": ("Burlington", "VT"),
    "06103": ("Hartford", "CT"), "07102": ("Newark", "NJ"), "10001": ("New York", "NY"),
    "10027": ("New York", "NY"), "11201": ("Brooklyn", "NY"), "12207": ("Albany", "NY"),
    "15213": ("Pittsburgh", "PA"), "19103": ("Philadelphia", "PA"), "19130": ("Philadelphia", "PA"),
    "20001": ("Washington", "DC"), "21201": ("Baltimore", "MD"), "23219": ("Richmond", "VA"),
    "27601": ("Raleigh", "NC"), "28202": ("Charlotte", "NC"), "30303": ("Atlanta", "GA"),
    "32801": ("Orlando", "FL"), "33130": ("Miami", "FL"), "33602": ("Tampa", "FL"),
    "37203": ("Nashville", "TN"), "40202": ("Louisville", "KY"), "43215": ("Columbus", "OH"),
    "44113": ("Cleveland", "OH"), "45202": ("Cincinnati", "OH"), "46204": ("Indianapolis", "IN"),
    "48226": ("Detroit", "MI"), "50309": ("Des Moines", "IA"), "53202": ("Milwaukee", "WI"),
    "53703": ("Madison", "WI"), "55401": ("Minneapolis", "MN"), "60601": ("Chicago", "IL"),
    "63101": ("Saint Louis", "MO"), "64106": ("Kansas City", "MO"), "68102": ("Omaha", "NE"),
    "70112": ("New Orleans", "LA"), "73102": ("Oklahoma City", "OK"), "75201": ("Dallas", "TX"),
    "77002": ("Houston", "TX"), "78701": ("Austin", "TX"), "80202": ("Denver", "CO"),
    "84101": ("Salt Lake City", "UT"), "85004": ("Phoenix", "AZ"), "87102": ("Albuquerque", "NM"),
    "89101": ("Las Vegas", "NV"), "90012": ("Los Angeles", "CA"), "92101": ("San Diego", "CA"),
    "94103": ("San Francisco", "CA"), "94612": ("Oakland", "CA"), "95814": ("Sacramento", "CA"),
    "96813": ("Honolulu", "HI"), "97205": ("Portland", "OR"), "98101": ("Seattle", "WA"),
    "99501": ("Anchorage", "AK"),
}


def lookup(zip_code):
    """(city, state) for a 5-digit or ZIP+4 zip, or None when unknown."""
    key = str(zip_code or "").strip()[:5]
    return ZIPS.get(key)
