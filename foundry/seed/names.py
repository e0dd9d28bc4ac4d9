"""Name lists for generated people, companies and employers (fictional; shared by both seeds)."""

from __future__ import annotations

import random
from itertools import accumulate

# Romanised Cantonese surnames, roughly by frequency in Hong Kong (weights).
SURNAMES = (
    ("Chan", 10), ("Wong", 9), ("Lee", 7), ("Cheung", 5), ("Lau", 5), ("Ng", 4), ("Leung", 4),
    ("Ho", 4), ("Lam", 4), ("Tsang", 2), ("Yip", 2), ("Kwok", 2), ("Chow", 2), ("Tang", 2),
    ("Fung", 2), ("Lo", 2), ("Choi", 2), ("Yeung", 2), ("Tse", 2), ("Mak", 1), ("Siu", 1),
    ("Au", 1), ("Chu", 2), ("Poon", 1), ("Lai", 2), ("Kwan", 1), ("So", 1), ("Hui", 1),
    ("Ma", 1), ("Cheng", 2), ("Yuen", 1), ("Tam", 1), ("Ip", 1), ("Tsui", 1), ("Man", 1),
    ("Law", 1), ("Chung", 1), ("Kong", 1), ("Wan", 1), ("Pang", 1), ("Fong", 1), ("Chiu", 1),
)
# Mainland students, Putonghua romanisation.
PINYIN_SURNAMES = ("Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
                   "Xu", "Sun", "Zhu", "Gao", "Lin")
# Given names by (mostly) usual gender, so an English name and a Chinese name fit together.
CANTONESE_GIVEN = {
    "m": ("Ka Ming", "Tsz Hin", "Chun Kit", "Ho Yin", "Wai Lun", "Cheuk Hei", "Chi Ho", "Kwan Ho",
          "King Fung", "Siu Ming", "Long Hin", "Hong Kiu", "Chak Fung", "Wai Kei", "Ka Wai"),
    "f": ("Wing Yan", "Hoi Ching", "Pui Yee", "Man Ki", "Ka Yan", "Sze Wing", "Hiu Tung",
          "Yan Ting", "Tsz Ching", "Lok Yiu", "Hoi Yan", "Ching Man", "Yuk Ling", "Sum Yi",
          "Nga Man"),
}
ENGLISH_GIVEN = {
    "m": ("Kelvin", "Ivan", "Jason", "Marco", "Alex", "Brian", "Dennis", "Eric", "Gary", "Kenneth",
          "Raymond", "Samuel", "Timothy", "Kevin", "Oscar", "Ryan", "Wilson", "Hugo", "Ken",
          "Matthew", "Anson", "Dickson", "Elton"),
    "f": ("Karen", "Winnie", "Cherry", "Queenie", "Tiffany", "Yoyo", "Phoebe", "Kitty", "Joyce",
          "Michelle", "Cynthia", "Vivian", "Angel", "Natalie", "Fiona", "Bonnie", "Crystal",
          "Janice", "Stephanie", "Gloria", "Charlotte", "Heidi", "Mandy"),
}
PINYIN_GIVEN = {"m": ("Haoran", "Yiming", "Zhiwei", "Mingyu", "Tianyu", "Hao", "Jun", "Lei"),
                "f": ("Yuxuan", "Zihan", "Xinyi", "Jiayi", "Ruoxi", "Siyu", "Wenjing", "Yue")}

_SURNAME_NAMES = tuple(name for name, _w in SURNAMES)
_SURNAME_CUM = tuple(accumulate(w for _n, w in SURNAMES))


def person_name(rng: random.Random) -> tuple[str, str, str]:
    """A realistic Hong Kong name: (full name, given part for e-mails, surname)."""
    gender = "m" if rng.random() < 0.55 else "f"  # engineering cohorts lean male
    if rng.random() < 0.08:
        surname, given = rng.choice(PINYIN_SURNAMES), rng.choice(PINYIN_GIVEN[gender])
        return f"{surname} {given}", given, surname
    surname = rng.choices(_SURNAME_NAMES, cum_weights=_SURNAME_CUM)[0]
    chinese = rng.choice(CANTONESE_GIVEN[gender])
    roll = rng.random()
    if roll < 0.45:
        english = rng.choice(ENGLISH_GIVEN[gender])
        return f"{english} {surname} {chinese}", english, surname
    if roll < 0.75:
        english = rng.choice(ENGLISH_GIVEN[gender])
        return f"{english} {surname}", english, surname
    return f"{surname} {chinese}", chinese, surname


def initials(given: str) -> str:
    """'Ka Ming' -> 'km'; 'Kelvin' -> 'k'."""
    return "".join(part[0] for part in given.split()).lower()


# Company names: a stem and a cluster-flavoured ending; legal forms vary.
COMPANY_STEMS = (
    "Harbour", "Lion Rock", "Pak Shek", "Jade", "Victoria", "Kowloon", "Tai Mo", "Lantau",
    "Sai Kung", "Tolo", "Peak", "Junk Bay", "Star Ferry", "Bauhinia", "Nova", "Qubit", "Helix",
    "Aster", "Vertex", "Lumen", "Orbit", "Cobalt", "Kinetic", "Zenith", "Sapphire", "Mangrove",
    "Kaito", "Ampere", "Tidal",
    "Crescent", "Summit", "Pearl River", "Silvermine", "Ma On", "Shing Mun", "Plover", "Lok Ma",
    "Sunbeam", "Granite", "Polaris", "Meridian", "Catalyst", "Cedar", "Monsoon", "Typhoon",
    "Clearwater", "Neon", "Lychee", "Dragon Gate", "Golden Bay", "Ocean Crest", "Twin Peaks",
    "Skyline", "Blue Pool", "Kwun Tong", "Fortress", "Eastgate", "Sunny Bay", "Cyber Lotus",
)
COMPANY_ENDINGS = {
    "ai_robotics": ("Robotics", "AI", "Vision Labs", "Intelligence", "Autonomy", "Data Labs",
                    "Machine Learning", "Robotic Systems"),
    "healthtech": ("BioMed", "Diagnostics", "Therapeutics", "MedTech", "Genomics", "Health",
                   "Biosciences", "Medical Devices"),
    "fintech": ("Pay", "Capital Tech", "Ledger", "RegTech", "Wealth Tech", "Insurtech", "Quant",
                "Digital Assets"),
    "smart_city": ("Urban Tech", "Mobility", "Smart Living", "PropTech", "Sensors", "Mapping",
                   "Connect", "Smart Buildings"),
    "microelectronics": ("Semiconductor", "Microsystems", "Photonics", "Silicon", "Chip Design",
                         "IC Technologies", "Power Electronics"),
    "new_materials": ("Materials", "Nanotech", "Advanced Materials", "Composites", "Coatings",
                      "Battery Tech", "Graphene"),
    "advanced_manufacturing": ("Precision", "Automation", "Manufacturing Tech", "Industrial AI",
                               "Additive", "Motion Control", "Smart Factory"),
    "sustainability": ("CleanTech", "Energy", "Carbon Labs", "Green Tech", "Water Tech",
                       "Circular", "Solar", "EnviroTech"),
}
LEGAL_FORMS = ("Limited", "Technology Limited", "Holdings Limited", "(HK) Limited",
               "Company Limited")


def company_names(rng: random.Random, count: int, taken: set[str], cluster_of) -> list[str]:
    """`count` unique company names; `cluster_of(i)` gives the i-th company's cluster."""
    names: list[str] = []
    for i in range(count):
        cluster = cluster_of(i)
        for attempt in range(200):
            stem = rng.choice(COMPANY_STEMS)
            ending = rng.choice(COMPANY_ENDINGS[cluster])
            form = rng.choice(LEGAL_FORMS)
            name = f"{stem} {ending} {form}"
            if attempt > 50:  # the list is exhausted at Hong Kong scale: add a numeral
                name = f"{stem} {ending} {rng.randint(2, 999)} {form}"
            if name.lower() not in taken:
                break
        taken.add(name.lower())
        names.append(name)
    return names


MEMBER_TITLES = ("Talent Acquisition Lead", "Engineering Manager", "HR Business Partner",
                 "Founder & CEO", "Chief Technology Officer", "R&D Director", "Head of Product",
                 "Senior Engineer", "Operations Manager", "Principal Scientist")

# Employers outside the directory that graduates report (free text).
EMPLOYERS = {
    "eng": (("CLP Power Hong Kong", "Utilities"), ("MTR Corporation", "Transport"),
            ("Arup", "Engineering consultancy"), ("AECOM", "Engineering consultancy"),
            ("Electrical and Mechanical Services Department", "Government"),
            ("Huawei", "Technology"), ("ASMPT", "Semiconductors"), ("Towngas", "Utilities"),
            ("Hongkong Electric", "Utilities"), ("Gammon Construction", "Construction")),
    "comp": (("Tencent", "Technology"), ("Alibaba Cloud", "Technology"),
             ("Microsoft Hong Kong", "Technology"), ("Amazon Web Services", "Technology"),
             ("HSBC", "Banking"), ("HKT", "Telecommunications"), ("Accenture", "Consulting"),
             ("Office of the Government Chief Information Officer", "Government"),
             ("Cathay Pacific", "Aviation"), ("Standard Chartered", "Banking")),
    "sci": (("Hong Kong Observatory", "Government"), ("Government Laboratory", "Government"),
            ("SGS Hong Kong", "Testing and certification"), ("Hospital Authority", "Healthcare"),
            ("Intertek", "Testing and certification"), ("Hong Kong Jockey Club", "Leisure")),
    "med": (("Hospital Authority", "Healthcare"), ("Department of Health", "Government"),
            ("Hong Kong Sanatorium & Hospital", "Healthcare"), ("Watsons", "Retail health"),
            ("Bayer Hong Kong", "Pharmaceuticals")),
    "bus": (("HSBC", "Banking"), ("Bank of China (Hong Kong)", "Banking"),
            ("Hang Seng Bank", "Banking"), ("Standard Chartered", "Banking"),
            ("Deloitte", "Professional services"), ("PwC", "Professional services"),
            ("KPMG", "Professional services"), ("EY", "Professional services"),
            ("Hong Kong Monetary Authority", "Government"), ("AIA", "Insurance")),
}
STUDY_PLACES = (("HKUST (MPhil)", "hong_kong"),
                ("The University of Hong Kong (MPhil)", "hong_kong"),
                ("CUHK (MSc)", "hong_kong"), ("PolyU (MSc)", "hong_kong"),
                ("Imperial College London (MSc)", "overseas"),
                ("University College London (MSc)", "overseas"), ("ETH Zurich (MSc)", "overseas"),
                ("University of Toronto (MASc)", "overseas"),
                ("Tsinghua University (MEng)", "mainland"),
                ("National University of Singapore (MSc)", "overseas"),
                ("Stanford University (MS)", "overseas"))
STUDY_PROGRAMMES = {"eng": "MSc Electronic Engineering", "comp": "MSc Computer Science",
                    "sci": "MPhil Chemistry", "med": "MPhil Biomedical Sciences",
                    "bus": "MSc Finance"}
GRAD_TITLES = {
    "eng": ("Graduate Engineer", "Assistant Engineer", "Hardware Engineer", "Project Engineer",
            "Embedded Software Engineer", "Electrical Engineer"),
    "comp": ("Software Engineer", "Data Scientist", "Machine Learning Engineer", "Data Analyst",
             "Backend Developer", "IT Graduate Trainee"),
    "sci": ("Research Assistant", "Laboratory Officer", "Scientific Officer", "Data Analyst",
            "Quality Assurance Officer"),
    "med": ("Research Assistant", "Clinical Research Coordinator", "Pharmacist (Trainee)",
            "Medical Laboratory Technologist"),
    "bus": ("Management Trainee", "Business Analyst", "Risk Analyst", "Audit Associate",
            "Product Analyst", "Graduate Trainee"),
}
