"""Static word lists the demo data generator draws from: places, people, processes, certificates."""

from __future__ import annotations

# city | country | ISO code | city code | region | language | phone prefix | web TLD
_CITIES = """
Łódź|Poland|PL|LDZ|EU-East|pl|+48|pl
Kraków|Poland|PL|KRK|EU-East|pl|+48|pl
Wrocław|Poland|PL|WRO|EU-East|pl|+48|pl
Poznań|Poland|PL|POZ|EU-East|pl|+48|pl
Cluj-Napoca|Romania|RO|CLJ|EU-East|ro|+40|ro
Timișoara|Romania|RO|TSR|EU-East|ro|+40|ro
Debrecen|Hungary|HU|DEB|EU-East|hu|+36|hu
Budapest|Hungary|HU|BUD|EU-East|hu|+36|hu
Chemnitz|Germany|DE|CHE|EU-Central|de|+49|de
München|Germany|DE|MUC|EU-Central|de|+49|de
Leipzig|Germany|DE|LEJ|EU-Central|de|+49|de
Köln|Germany|DE|CGN|EU-Central|de|+49|de
Stuttgart|Germany|DE|STR|EU-Central|de|+49|de
Wien|Austria|AT|VIE|EU-Central|de|+43|at
Graz|Austria|AT|GRZ|EU-Central|de|+43|at
Zürich|Switzerland|CH|ZRH|EU-Central|de|+41|ch
Praha|Czechia|CZ|PRG|EU-Central|cs|+420|cz
Brno|Czechia|CZ|BRQ|EU-Central|cs|+420|cz
Lyon|France|FR|LYS|EU-West|fr|+33|fr
Nantes|France|FR|NTE|EU-West|fr|+33|fr
Lille|France|FR|LIL|EU-West|fr|+33|fr
Eindhoven|Netherlands|NL|EIN|EU-West|nl|+31|nl
Rotterdam|Netherlands|NL|RTM|EU-West|nl|+31|nl
Gent|Belgium|BE|GNE|EU-West|nl|+32|be
Bologna|Italy|IT|BLQ|EU-West|it|+39|it
Prato|Italy|IT|PRT|EU-West|it|+39|it
Torino|Italy|IT|TRN|EU-West|it|+39|it
Aarhus|Denmark|DK|AAR|Nordics|da|+45|dk
København|Denmark|DK|CPH|Nordics|da|+45|dk
Göteborg|Sweden|SE|GOT|Nordics|sv|+46|se
Malmö|Sweden|SE|MMX|Nordics|sv|+46|se
Tampere|Finland|FI|TMP|Nordics|fi|+358|fi
Helsinki|Finland|FI|HEL|Nordics|fi|+358|fi
Bergen|Norway|NO|BGO|Nordics|no|+47|no
Sevilla|Spain|ES|SVQ|Iberia|es|+34|es
Valencia|Spain|ES|VLC|Iberia|es|+34|es
Bilbao|Spain|ES|BIO|Iberia|es|+34|es
A Coruña|Spain|ES|LCG|Iberia|es|+34|es
Porto|Portugal|PT|OPO|Iberia|pt|+351|pt
Braga|Portugal|PT|BGZ|Iberia|pt|+351|pt
Manchester|United Kingdom|GB|MAN|UK & Ireland|en|+44|co.uk
Leeds|United Kingdom|GB|LBA|UK & Ireland|en|+44|co.uk
Bristol|United Kingdom|GB|BRS|UK & Ireland|en|+44|co.uk
Glasgow|United Kingdom|GB|GLA|UK & Ireland|en|+44|co.uk
Dublin|Ireland|IE|DUB|UK & Ireland|en|+353|ie
Cork|Ireland|IE|ORK|UK & Ireland|en|+353|ie
Thessaloniki|Greece|GR|SKG|Southeast Europe|el|+30|gr
Athens|Greece|GR|ATH|Southeast Europe|el|+30|gr
Istanbul|Türkiye|TR|IST|Southeast Europe|tr|+90|com.tr
İzmir|Türkiye|TR|ADB|Southeast Europe|tr|+90|com.tr
Bursa|Türkiye|TR|YEI|Southeast Europe|tr|+90|com.tr
Novosibirsk|Russia|RU|OVB|Eurasia|ru|+7|ru
Yekaterinburg|Russia|RU|SVX|Eurasia|ru|+7|ru
Detroit|United States|US|DTW|North America|en|+1|com
Portland|United States|US|PDX|North America|en|+1|com
Brooklyn|United States|US|BKN|North America|en|+1|com
Austin|United States|US|AUS|North America|en|+1|com
Montréal|Canada|CA|YUL|North America|fr|+1|ca
Toronto|Canada|CA|YYZ|North America|en|+1|ca
Monterrey|Mexico|MX|MTY|North America|es|+52|com.mx
Shenzhen|China|CN|SZX|Asia-Pacific|zh|+86|cn
Dongguan|China|CN|DGM|Asia-Pacific|zh|+86|cn
Ningbo|China|CN|NGB|Asia-Pacific|zh|+86|cn
Taipei|Taiwan|TW|TPE|Asia-Pacific|zh|+886|tw
Osaka|Japan|JP|OSA|Asia-Pacific|ja|+81|jp
Busan|South Korea|KR|PUS|Asia-Pacific|ko|+82|kr
Melbourne|Australia|AU|MEL|Asia-Pacific|en|+61|com.au
Auckland|New Zealand|NZ|AKL|Asia-Pacific|en|+64|co.nz
"""
CITIES: list[tuple[str, ...]] = [tuple(line.split("|")) for line in _CITIES.strip().splitlines()]

# Given names per language: "male names ; female names". "native/latin" where the script is not Latin.
_FIRST = """
pl|Piotr Tomasz Michał Paweł Krzysztof|Anna Katarzyna Agnieszka Magdalena Zofia
ro|Andrei Mihai Ionuț Radu|Ioana Elena Andreea Maria
hu|László István Gábor Zoltán|Eszter Katalin Zsófia Anna
de|Jonas Lukas Matthias Jürgen Stefan|Anna Lea Katharina Sabine Jana
cs|Jan Tomáš Jiří Petr|Tereza Lucie Petra Kateřina
fr|Julien Thomas Nicolas Mathieu|Camille Léa Chloé Élodie
nl|Daan Sem Pieter Bram|Sanne Lotte Femke Eva
it|Luca Marco Giovanni Alessandro|Giulia Chiara Francesca Sara
da|Søren Mads Rasmus Anders|Mette Sofie Ida Line
sv|Erik Lars Björn Oskar|Karin Elin Maja Åsa
fi|Mikko Juha Antti Jari|Laura Aino Sanna Päivi
no|Ola Håkon Magnus Even|Ingrid Kari Silje Nora
es|Javier Pablo Álvaro Sergio|Lucía Carmen María Nuria
pt|João Tiago Rui Miguel|Inês Beatriz Joana Mariana
en|James Oliver Liam Ethan Noah|Emma Olivia Grace Sophie Chloe
el|Γιώργος/Giorgos Νίκος/Nikos Δημήτρης/Dimitris|Μαρία/Maria Ελένη/Eleni Κατερίνα/Katerina
tr|Mehmet Emre Can Burak|Ayşe Zeynep Elif Özge
ru|Алексей/Aleksei Дмитрий/Dmitri Сергей/Sergei|Анна/Anna Ольга/Olga Екатерина/Ekaterina
zh|伟/Wei 强/Qiang 磊/Lei 军/Jun|芳/Fang 静/Jing 丽/Li 敏/Min
ja|健/Ken 大輔/Daisuke 翔太/Shota|陽子/Yoko 美咲/Misaki さくら/Sakura
ko|민준/Minjun 지훈/Jihoon 현우/Hyunwoo|서연/Seoyeon 지은/Jieun 수빈/Subin
"""
# Family names per language: "male form|female form" where they differ by gender.
_LAST = """
pl|Kowalski|Kowalska Nowak Wiśniewski|Wiśniewska Wójcik Zieliński|Zielińska Lewandowski|Lewandowska
ro|Popescu Ionescu Dumitrescu Stoica
hu|Nagy Kovács Tóth Szabó Horváth
de|Müller Schmidt Schneider Fischer Weber Köhler
cs|Novák|Nováková Svoboda|Svobodová Dvořák|Dvořáková Černý|Černá
fr|Martin Bernard Dubois Lefèvre Moreau
nl|de Jong Jansen de Vries van Dijk Bakker
it|Rossi Russo Ferrari Esposito Bianchi
da|Jensen Nielsen Hansen Pedersen Møller
sv|Andersson Johansson Karlsson Nilsson Lindqvist
fi|Korhonen Virtanen Mäkinen Nieminen
no|Hansen Johansen Olsen Berg Haugen
es|García Fernández López Martínez Sánchez
pt|Silva Santos Ferreira Pereira Costa
en|Smith Jones Taylor Brown Walsh O'Brien
el|Παπαδόπουλος/Papadopoulos|Παπαδοπούλου/Papadopoulou Νικολάου/Nikolaou Γεωργίου/Georgiou
tr|Yılmaz Kaya Demir Şahin Çelik Öztürk
ru|Иванов/Ivanov|Иванова/Ivanova Смирнов/Smirnov|Смирнова/Smirnova Кузнецов/Kuznetsov|Кузнецова/Kuznetsova
zh|王/Wang 李/Li 张/Zhang 刘/Liu 陈/Chen
ja|佐藤/Sato 鈴木/Suzuki 高橋/Takahashi 田中/Tanaka
ko|김/Kim 이/Lee 박/Park 최/Choi
"""
# Languages that write the family name first, and those that join the two without a space.
FAMILY_FIRST = {"hu", "zh", "ja", "ko"}
NO_SPACE = {"zh", "ko"}


def _parse_names(block: str, *, gendered_groups: bool) -> dict[str, list[list[tuple[str, str]]]]:
    """Language -> groups -> (native, latin) names, read from the compact tables above."""
    table: dict[str, list[list[tuple[str, str]]]] = {}
    for line in block.strip().splitlines():
        lang, rest = line.split("|", 1)
        if gendered_groups:  # first names: one group per gender
            groups = [part.split() for part in rest.split("|")]
        else:  # family names: one entry per name, "m|f" inside an entry
            groups = [entry.split("|") for entry in _join_particles(rest.split())]
        table[lang] = [[_pair(name) for name in group] for group in groups]
    return table


def _join_particles(words: list[str]) -> list[str]:
    """Keep "de Jong" and "van Dijk" together as one family name."""
    out: list[str] = []
    for word in words:
        if out and out[-1] in ("de", "van"):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def _pair(name: str) -> tuple[str, str]:
    native, _, latin = name.partition("/")
    return native, latin or native


FIRST_NAMES = _parse_names(_FIRST, gendered_groups=True)
LAST_NAMES = _parse_names(_LAST, gendered_groups=False)

# Process -> (name word, materials, weekly capacity range, minimum batch range).
PROCESSES: dict[str, tuple[str, tuple[str, ...], tuple[int, int], tuple[int, int]]] = {
    "CNC machining": ("CNC", ("aluminium", "stainless steel", "brass", "POM", "titanium"), (200, 3000), (10, 100)),
    "3D printing": ("Print", ("PLA", "PETG", "nylon PA12", "TPU", "photopolymer resin"), (100, 2000), (1, 25)),
    "laser cutting": ("Laser", ("birch plywood", "acrylic", "steel sheet", "felt", "leather"), (300, 5000), (10, 200)),
    "textile": ("Textile", ("organic cotton", "linen", "recycled polyester", "denim"), (200, 4000), (30, 300)),
    "knitting": ("Knit", ("merino wool", "cotton yarn", "alpaca", "recycled yarn"), (100, 1500), (20, 150)),
    "injection moulding": ("Moulding", ("ABS", "PP", "PA6", "recycled HDPE"), (2000, 20000), (500, 2000)),
    "ceramics": ("Ceramics", ("stoneware", "porcelain", "terracotta"), (100, 1200), (20, 150)),
    "food": ("Kitchen", ("chocolate", "specialty coffee", "granola", "hot sauce"), (300, 5000), (50, 500)),
    "packaging": ("Pack", ("corrugated board", "kraft paper", "moulded pulp", "tinplate"), (1000, 15000), (200, 1000)),
    "electronics assembly": ("Circuits", ("PCBs", "SMD components", "cable harness"), (200, 3000), (25, 250)),
    "woodworking": ("Wood", ("oak", "beech", "walnut", "bamboo", "cork"), (50, 800), (5, 60)),
    "screen printing": ("Screenprint", ("water-based ink", "cotton tees", "tote bags"), (300, 6000), (25, 200)),
    "leather goods": ("Leather", ("vegetable-tanned leather", "suede", "waxed canvas"), (50, 600), (10, 60)),
    "metal casting": ("Foundry", ("bronze", "cast aluminium", "pewter"), (100, 1500), (20, 200)),
}
# Processes a shop with the given main process often offers as well.
RELATED: dict[str, tuple[str, ...]] = {
    "CNC machining": ("laser cutting", "metal casting", "3D printing"),
    "3D printing": ("CNC machining", "laser cutting", "electronics assembly"),
    "laser cutting": ("woodworking", "CNC machining", "packaging", "leather goods"),
    "textile": ("knitting", "screen printing", "leather goods"),
    "knitting": ("textile", "screen printing"),
    "injection moulding": ("CNC machining", "packaging"),
    "ceramics": ("woodworking", "food"),
    "food": ("packaging",),
    "packaging": ("screen printing", "laser cutting"),
    "electronics assembly": ("3D printing", "CNC machining"),
    "woodworking": ("laser cutting", "CNC machining"),
    "screen printing": ("textile", "packaging"),
    "leather goods": ("textile", "laser cutting"),
    "metal casting": ("CNC machining",),
}
MICRO_SUFFIXES = ("Lab", "Works", "Studio", "Collective", "Workshop", "Makers", "Atelier", "Hub", "Co-op", "Garage")
BULK_SUFFIXES = ("Industries", "Group", "Manufacturing", "Industrial", "Holdings")

# Hand-written partners first, so small demos show the interesting names: name, city, kind, process.
NAMED = (
    ("Łódź Print Lab", "Łódź", "microfactory", "3D printing"),
    ("Müller & Söhne Textil", "Chemnitz", "microfactory", "textile"),
    ("Ørsted Form Studio", "Aarhus", "microfactory", "woodworking"),
    ("Café Cerámica Sevilla", "Sevilla", "microfactory", "ceramics"),
    ("Nordic Bulk Plastics AB", "Göteborg", "bulk_supplier", "injection moulding"),
    ("Kraków CNC Works", "Kraków", "microfactory", "CNC machining"),
    ("Istanbul Örgü Atölyesi", "Istanbul", "microfactory", "knitting"),
    ("Θεσσαλονίκη Maker Lab", "Thessaloniki", "microfactory", "laser cutting"),
    ("Новосибирск Литейка", "Novosibirsk", "microfactory", "metal casting"),
    ("深圳快速打样", "Shenzhen", "microfactory", "electronics assembly"),
    ("Anatolia Tekstil Sanayi", "Bursa", "bulk_supplier", "textile"),
    ("Atelier Sérigraphie Montréal", "Montréal", "microfactory", "screen printing"),
    ("Brooklyn Small Batch Foods", "Brooklyn", "microfactory", "food"),
    ("Fabbrica Piccola Bologna", "Bologna", "microfactory", "packaging"),
    ("Dublin Loom & Co.", "Dublin", "microfactory", "textile"),
    ("Great Lakes Fabrication Inc.", "Detroit", "bulk_supplier", "CNC machining"),
    ("Porto Cortiça Design", "Porto", "microfactory", "woodworking"),
    ("Eindhoven Proto Lab", "Eindhoven", "microfactory", "3D printing"),
    ("Wiener Keramik Manufaktur", "Wien", "microfactory", "ceramics"),
    ("Dílna Laser Praha", "Praha", "microfactory", "laser cutting"),
    ("大阪木工房", "Osaka", "microfactory", "woodworking"),
    ("Ibérica Embalajes Group", "Valencia", "bulk_supplier", "packaging"),
    ("Bergen Strikkeverksted", "Bergen", "microfactory", "knitting"),
    ("Melbourne Leather Collective", "Melbourne", "microfactory", "leather goods"),
)

TAGS = ("drops", "local-variants", "fast-turn", "eco", "pop-up", "prototypes", "premium", "short-runs", "weekend-runs")
BULK_TAGS = ("high-volume", "fallback", "framework-contract")
ROLES = ("Production manager", "Sales", "Quality lead", "Operations", "Account manager", "Planner", "Logistics")
STREETS = (
    "Industrial Park",
    "Harbour Road",
    "Old Mill",
    "Station Yard",
    "Makers' Quarter",
    "Canal Side",
    "Tech Campus",
)

RISK_NOTES = (
    "Single machine operator; capacity drops during holidays.",
    "Depends on one raw-material supplier.",
    "Cash flow tight; asked for 50 % prepayment on first orders.",
    "Missed two delivery dates during the pilot.",
    "Workshop lease ends next year; looking for new premises.",
    "Founder does all quoting; slow answers when travelling.",
    "Power cuts in summer have stopped production before.",
    "Export paperwork handled by a freelancer; customs delays possible.",
)

# Certificate -> processes it fits (empty: any), with the bodies that issue them.
CERTIFICATES: dict[str, tuple[str, ...]] = {
    "ISO 9001": (),
    "ISO 14001": (),
    "ISO 45001": (),
    "OEKO-TEX Standard 100": ("textile", "knitting", "screen printing"),
    "GOTS": ("textile", "knitting"),
    "FSC Chain of Custody": ("woodworking", "packaging", "laser cutting"),
    "BRCGS Food Safety": ("food",),
    "BRCGS Packaging": ("packaging",),
    "IATF 16949": ("CNC machining", "injection moulding", "metal casting"),
    "IPC-A-610": ("electronics assembly",),
}
ISSUERS = ("TÜV SÜD", "Bureau Veritas", "SGS", "DNV", "DEKRA", "Intertek", "LRQA")

CREATED_REASONS = (
    "Met at a trade fair",
    "Referred by another microfactory",
    "Found through a maker-space directory",
    "Inbound enquiry via the website",
    "Suggested by the regional sourcing team",
)
# (from stage, to stage) -> plausible reasons for the move.
MOVE_REASONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("prospect", "qualifying"): ("Intro call went well; questionnaire sent", "Samples requested"),
    ("qualifying", "pilot"): ("Samples passed inspection", "Audit passed with minor findings"),
    ("qualifying", "offboarded"): ("Could not meet food-safety requirements", "Prices far above target"),
    ("pilot", "approved"): ("Pilot drop delivered on time", "Pilot sold through; SLA agreed"),
    ("pilot", "paused"): ("Pilot quality below target; retry next season",),
    ("pilot", "offboarded"): ("Pilot failed: defect rate too high",),
    ("approved", "paused"): ("Seasonal pause", "Capacity taken by another customer", "Corrective actions open"),
    ("paused", "approved"): ("Corrective actions closed", "Capacity available again"),
    ("paused", "offboarded"): ("Business closed", "Repeated late deliveries"),
    ("approved", "offboarded"): ("Moved production in-house",),
}
