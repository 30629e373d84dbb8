"""Word lists and value variants the seed generator draws from."""

ANCHOR = 1767225600          # 2026-01-01T00:00:00Z: fixed so data does not depend on "now"
SPAN = 6 * 365 * 86400       # users created over the six years before the anchor

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Betty Mark "
    "Sandra Donald Ashley Steven Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol "
    "Brian Amanda Maria Jose Wei Mei Aisha Omar Fatima Priya Arjun Sofia Mateo Camila Diego Lucia "
    "Nguyen Thanh Keisha Jamal DeShawn Imani Olga Ivan Hannah Noah").split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Chen Kim Patel "
    "Okafor Cohen O'Brien Kowalski Yamamoto Haddad Silva").split()
DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
STREETS = ("Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St", "Washington Ave",
           "Lake Rd", "Hill St", "Pine Ct", "2nd Ave", "Broadway")
AREA_CODES = ("212", "718", "917", "312", "773", "415", "510", "617", "202", "206", "305", "512",
              "303", "404", "215", "612", "313", "702", "503", "808")
INVALID_PHONES = ("555-0123", "12345", "123-4567", "0000")
SOURCES = ("website", "import", "petition", "facebook", "event", "")
STATUSES = (("subscribed", 0.6), ("unsubscribed", 0.25), ("never", 0.1), ("bounced", 0.05))

OPT_IN_FIELD = "sms_opt_in"
OPT_IN_TRUE = ("t", "true", "1", "y", "yes", "opt in", "opt-in", "TRUE", " Yes ")
OPT_IN_FALSE = ("f", "false", "0", "n", "no", "opt out", "opt-out")
OPT_IN_UNKNOWN = ("TBD",)
OPT_IN_JUNK = ("maybe", "?")

CUSTOM_FIELDS = {
    "favorite_issue": ("climate", "housing", "healthcare", "voting rights", "education", "immigration",
                       "labor", "criminal justice"),
    "volunteer_interest": ("phone banking", "canvassing", "data entry", "events", "none"),
    "pronouns": ("she/her", "he/him", "they/them", "she/they", "he/they"),
}
FIELD_PRESENCE = {"favorite_issue": 0.7, "volunteer_interest": 0.4, "pronouns": 0.5}

PAGES = (
    ("import", "sandbox-import", "Sandbox list import"),
    ("signup", "volunteer-signup", "Sign up to volunteer"),
    ("signup", "newsletter-signup", "Get our newsletter"),
    ("petition", "save-the-library", "Save the Main Street Library"),
    ("petition", "clean-air-now", "Clean Air Now"),
)
COMMENTS = ("Count me in!", "This matters to my family.", "Please act now.", "Our kids deserve better.",
            "I'll bring friends.", "Thank you for organizing.")
SHIFTS = ("morning", "afternoon", "evening")
USERGROUPS = (("Volunteers", 0.12), ("Donors", 0.08), ("Phone bank team", 0.05),
              ("Spanish speakers", 0.06), ("Board members", 0.002))
