"""What the demo company is made of: our organisation, the demo logins, and the word lists and
rates from which customers, people and sales are invented. Plain data only."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 3_000
DEFAULT_MONTHS = 36
DEMO_PASSWORD = "kamp-demo"
#: Demo customer ids are C000100, C000101, ...: the same for every seed, so a load can tell
#: whether the demo is already in the database.
FIRST_SOURCE_NUMBER = 100
SENTINEL_SOURCE_ID = f"C{FIRST_SOURCE_NUMBER:06d}"


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


# -- Our organisation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionSpec:
    """A reporting region."""

    code: str
    name: str


@dataclass(frozen=True)
class CountrySpec:
    """A country we sell in, with what it takes to invent companies and people there."""

    code: str
    name: str
    region: str
    weight: float  # share of customer groups headquartered here
    phone: str
    tld: str
    local: str  # how a subsidiary names itself: "Acme Deutschland GmbH"
    legal: tuple[str, str]  # legal form of a head company, of a subsidiary
    cities: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


@dataclass(frozen=True)
class UnitSpec:
    """A business unit (profit centre) and the username of its director."""

    code: str
    name: str
    director: str


@dataclass(frozen=True)
class ProductLineSpec:
    """A product line, the unit that owns it, and the economics that shape its sales."""

    code: str
    name: str
    unit: str
    margin: float  # typical gross margin rate
    price: float  # typical price of one unit sold (a pump, a kg, an hour)
    ticket: float  # typical value of one invoice line


@dataclass(frozen=True)
class DemoUser:
    """A demo login; all share :data:`DEMO_PASSWORD` and exist only in debug mode."""

    username: str
    first_name: str
    last_name: str
    role: str | None  # a Membership.Role value; None for the administrator
    unit: str | None = None  # unit code for a unit-scoped membership
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{ascii_slug(self.first_name)}.{ascii_slug(self.last_name)}@kamp-demo.example"


@dataclass(frozen=True)
class DemoOrganisation:
    """Regions, countries, business units and product lines of the demo company."""

    regions: tuple[RegionSpec, ...]
    countries: tuple[CountrySpec, ...]
    units: tuple[UnitSpec, ...]
    product_lines: tuple[ProductLineSpec, ...]


REGIONS = (
    RegionSpec("SOUTH", "Southern Europe"),
    RegionSpec("WEST", "France & Benelux"),
    RegionSpec("DACH", "DACH"),
    RegionSpec("NORTH", "UK & Nordics"),
)

# fmt: off
COUNTRIES = (
    CountrySpec("ES", "Spain", "SOUTH", 0.11, "+34", "es", "España", ("S.A.", "S.L."),
        _words("Madrid, Barcelona, Valencia, Bilbao, Sevilla, Zaragoza, Tarragona, Vigo"),
        _words("Javier, Lucía, Carlos, María, Pablo, Carmen, Jorge, Laura, Miguel, Elena"),
        _words("García, Martínez, López, Sánchez, Fernández, Romero, Navarro, Torres, Ruiz")),
    CountrySpec("PT", "Portugal", "SOUTH", 0.05, "+351", "pt", "Portugal", ("S.A.", "Lda."),
        _words("Lisboa, Porto, Braga, Aveiro, Coimbra, Setúbal, Leiria, Sines"),
        _words("João, Ana, Pedro, Mariana, Tiago, Inês, Rui, Sofia, Miguel, Beatriz"),
        _words("Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa")),
    CountrySpec("IT", "Italy", "SOUTH", 0.11, "+39", "it", "Italia", ("S.p.A.", "S.r.l."),
        _words("Milano, Torino, Bologna, Brescia, Verona, Genova, Napoli, Bergamo"),
        _words("Marco, Giulia, Luca, Francesca, Andrea, Chiara, Matteo, Sara, Alessandro"),
        _words("Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Greco")),
    CountrySpec("FR", "France", "WEST", 0.13, "+33", "fr", "France", ("S.A.", "SAS"),
        _words("Lyon, Lille, Toulouse, Nantes, Strasbourg, Bordeaux, Grenoble, Rouen"),
        _words("Thomas, Camille, Nicolas, Julie, Antoine, Claire, Julien, Sophie, Élodie"),
        _words("Martin, Bernard, Dubois, Durand, Lefebvre, Moreau, Laurent, Girard, Mercier")),
    CountrySpec("BE", "Belgium", "WEST", 0.05, "+32", "be", "Belgium", ("NV", "BV"),
        _words("Antwerpen, Gent, Liège, Charleroi, Brugge, Leuven, Mechelen, Namur"),
        _words("Pieter, Sarah, Wouter, Lotte, Maxime, Charlotte, Jens, Elise, Olivier"),
        _words("Peeters, Janssens, Maes, Jacobs, Willems, Claes, Dupont, Lambert, Wouters")),
    CountrySpec("NL", "Netherlands", "WEST", 0.07, "+31", "nl", "Nederland", ("N.V.", "B.V."),
        _words("Rotterdam, Eindhoven, Utrecht, Amsterdam, Groningen, Tilburg, Delft, Venlo"),
        _words("Daan, Sanne, Bram, Fleur, Lars, Anouk, Ruben, Eva, Thijs, Lisa"),
        _words("de Jong, Jansen, de Vries, van den Berg, Bakker, Visser, Smit, Meijer, Mulder")),
    CountrySpec("DE", "Germany", "DACH", 0.17, "+49", "de", "Deutschland", ("AG", "GmbH"),
        _words("Hamburg, München, Köln, Stuttgart, Frankfurt, Düsseldorf, Hannover, Leipzig"),
        _words("Lukas, Anna, Jonas, Katharina, Felix, Julia, Stefan, Sabine, Tobias, Nina"),
        _words("Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann")),
    CountrySpec("AT", "Austria", "DACH", 0.04, "+43", "at", "Austria", ("AG", "GmbH"),
        _words("Wien, Linz, Graz, Salzburg, Innsbruck, Klagenfurt, Wels, Steyr"),
        _words("Florian, Lena, David, Hannah, Matthias, Theresa, Andreas, Magdalena"),
        _words("Gruber, Huber, Bauer, Pichler, Steiner, Moser, Mayer, Hofer, Leitner")),
    CountrySpec("CH", "Switzerland", "DACH", 0.05, "+41", "ch", "Schweiz", ("AG", "AG"),
        _words("Zürich, Basel, Bern, Genève, Lausanne, Winterthur, Luzern, Zug"),
        _words("Noah, Mia, Simon, Lea, Reto, Nadine, Urs, Corinne, Seraina"),
        _words("Meier, Keller, Brunner, Baumann, Frei, Gerber, Widmer, Zimmermann, Suter")),
    CountrySpec("GB", "United Kingdom", "NORTH", 0.12, "+44", "co.uk", "UK", ("plc", "Ltd"),
        _words("Manchester, Birmingham, Leeds, Sheffield, Bristol, Glasgow, Newcastle, Aberdeen"),
        _words("James, Emma, Oliver, Sophie, Harry, Charlotte, George, Amelia, William"),
        _words("Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Evans")),
    CountrySpec("SE", "Sweden", "NORTH", 0.06, "+46", "se", "Sverige", ("AB", "AB"),
        _words("Göteborg, Malmö, Stockholm, Västerås, Norrköping, Sundsvall, Luleå, Örebro"),
        _words("Erik, Anna, Johan, Emma, Lars, Maja, Anders, Sara, Oskar, Elin"),
        _words("Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Lindqvist")),
    CountrySpec("DK", "Denmark", "NORTH", 0.04, "+45", "dk", "Danmark", ("A/S", "ApS"),
        _words("Aarhus, Odense, Aalborg, Esbjerg, Vejle, Kolding, Horsens, Randers"),
        _words("Mads, Ida, Rasmus, Freja, Søren, Mette, Frederik, Louise, Camilla"),
        _words("Nielsen, Jensen, Hansen, Pedersen, Andersen, Christensen, Larsen, Sørensen")),
)
# fmt: on

UNITS = (
    UnitSpec("IND", "Industrial", "pcdirector"),
    UnitSpec("ENV", "Environmental", "pcdirector-env"),
    UnitSpec("ENE", "Energy", "pcdirector-ene"),
    UnitSpec("SRV", "Services", "pcdirector-srv"),
)

PRODUCT_LINES = (
    ProductLineSpec("PUMPS", "Pumps & valves", "IND", 0.30, 1_800.0, 9_000.0),
    ProductLineSpec("EQUIP", "Process equipment", "IND", 0.22, 42_000.0, 60_000.0),
    ProductLineSpec("FILTR", "Filtration systems", "ENV", 0.31, 6_500.0, 12_000.0),
    ProductLineSpec("CHEM", "Treatment chemicals", "ENV", 0.34, 2.6, 4_000.0),
    ProductLineSpec("HEATX", "Heat exchangers", "ENE", 0.25, 24_000.0, 40_000.0),
    ProductLineSpec("DRIVE", "Drives & motors", "ENE", 0.27, 3_200.0, 8_000.0),
    ProductLineSpec("PARTS", "Spare parts", "SRV", 0.38, 140.0, 900.0),
    ProductLineSpec("FIELD", "Field services", "SRV", 0.45, 95.0, 2_500.0),
)

ORGANISATION = DemoOrganisation(REGIONS, COUNTRIES, UNITS, PRODUCT_LINES)

DEMO_USERS = (
    DemoUser("admin", "Ingrid", "Halvorsen", None, is_superuser=True),
    DemoUser("director", "Elena", "Marín", "programme_director"),
    DemoUser("kam", "Lukas", "Becker", "kam"),
    DemoUser("kam2", "Sophie", "Laurent", "kam"),
    DemoUser("executive", "James", "Whitfield", "executive"),
    DemoUser("pcdirector", "Marco", "Bianchi", "pc_director", "IND"),
    DemoUser("pcdirector-env", "Anouk", "Visser", "pc_director", "ENV"),
    DemoUser("pcdirector-ene", "Stefan", "Hoffmann", "pc_director", "ENE"),
    DemoUser("pcdirector-srv", "Carmen", "Navarro", "pc_director", "SRV"),
    DemoUser("member", "Tiago", "Costa", "team_member", "IND"),
    DemoUser("viewer", "Erik", "Lindqvist", "viewer"),
)

# -- Customers ----------------------------------------------------------------------------------

# Industry, its weight among groups, the word it adds to a trade name, and how likely each unit
# (IND, ENV, ENE, SRV) is to serve it.
INDUSTRIES: tuple[tuple[str, float, str, tuple[float, float, float, float]], ...] = (
    ("Automotive", 0.12, "Automotive", (0.55, 0.10, 0.10, 0.25)),
    ("Food & beverage", 0.14, "Foods", (0.35, 0.35, 0.05, 0.25)),
    ("Chemicals", 0.12, "Chemicals", (0.45, 0.25, 0.10, 0.20)),
    ("Pharmaceuticals", 0.07, "Pharma", (0.30, 0.40, 0.05, 0.25)),
    ("Utilities", 0.09, "Energy", (0.10, 0.20, 0.55, 0.15)),
    ("Mining & metals", 0.08, "Metals", (0.45, 0.15, 0.20, 0.20)),
    ("Pulp & paper", 0.07, "Paper", (0.40, 0.25, 0.15, 0.20)),
    ("Water & wastewater", 0.10, "Water", (0.15, 0.65, 0.05, 0.15)),
    ("Construction", 0.12, "Construction", (0.50, 0.10, 0.15, 0.25)),
    ("Logistics", 0.09, "Logistics", (0.20, 0.10, 0.20, 0.50)),
)

ROOTS = _words(
    "Acer, Alba, Alto, Arden, Aster, Bora, Brenn, Cala, Cedar, Corva, Delta, Dura, Elba, Esker,"
    "Ferro, Fjord, Gala, Garn, Hydra, Iber, Indu, Kalt, Kora, Lumen, Marl, Merid, Nordh, Orla,"
    "Ostra, Pela, Quarz, Rhen, Ribe, Sarn, Solv, Tessa, Ulma, Vald, Vesta, Wend, Zephy, Helio"
)
SUFFIXES = _words("tec, chem, flow, dor, max, gen, ion, ris, vo, plan, tek, lux, nova, line, mar")
SIZES = ("small", "medium", "large", "enterprise")
SIZE_QUANTILES = (0.50, 0.80, 0.95)  # share of customers below medium, large, enterprise
CONTACTS_BY_SIZE = ((1, 2), (2, 4), (3, 6), (5, 6))
LINES_BY_SIZE = ((1, 2), (2, 3), (3, 5), (4, 7))  # product lines bought
BUY_PROBABILITY = np.array([0.40, 0.62, 0.85, 0.96])  # chance of an order in a given month
DISCOUNT = np.array([0.0, 0.01, 0.03, 0.05])  # margin given up to bigger customers
# Monthly seasonality, January to December: an August dip, a Q4 peak; averages 1.
SEASON = np.array([0.92, 0.96, 1.05, 1.0, 1.03, 1.06, 0.95, 0.62, 1.04, 1.08, 1.12, 1.17])
SEASON = SEASON / SEASON.mean()
ANNUAL_REVENUE_PER_CUSTOMER = 70_000.0  # euros a year, on average

# Job titles in the order a company's contacts are listed, with whom each reports to.
TITLES: tuple[tuple[str, str | None], ...] = (
    ("CEO", None),
    ("Purchasing director", "CEO"),
    ("Plant manager", "CEO"),
    ("Maintenance manager", "Plant manager"),
    ("CFO", "CEO"),
    ("Quality manager", "Plant manager"),
    ("Buyer", "Purchasing director"),
    ("Process engineer", "Plant manager"),
    ("HSE manager", "Plant manager"),
)
TITLE_WEIGHTS = np.array([0.0, 5, 5, 4, 2, 3, 3, 2, 1])

_ASCII = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", " ": "", "'": ""})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for e-mail addresses: ``"van den Berg"`` → ``"vandenberg"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()
