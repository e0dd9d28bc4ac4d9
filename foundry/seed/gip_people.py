"""Applicants from outside the partner universities, for the generated GIP year."""

from __future__ import annotations

import random

from foundry.seed.names import PINYIN_GIVEN, PINYIN_SURNAMES

# Mainland universities, and overseas ones by country (code → institutions).
MAINLAND = ("Tsinghua University", "Peking University", "Zhejiang University",
            "Shanghai Jiao Tong University", "Fudan University", "Sun Yat-sen University",
            "Harbin Institute of Technology", "Nanjing University", "Wuhan University",
            "University of Science and Technology of China")
OVERSEAS = {
    "GB": ("Imperial College London", "University of Manchester", "University of Edinburgh"),
    "US": ("Georgia Institute of Technology", "University of Michigan", "Purdue University"),
    "CA": ("University of Toronto", "University of Waterloo"),
    "AU": ("University of Melbourne", "UNSW Sydney"), "SG": ("National University of Singapore",
                                                           "Nanyang Technological University"),
    "IN": ("IIT Bombay", "IIT Delhi", "BITS Pilani"), "MY": ("Universiti Malaya",),
    "ID": ("Institut Teknologi Bandung",), "VN": ("Hanoi University of Science and Technology",),
    "TH": ("Chulalongkorn University",), "PH": ("University of the Philippines",),
    "KR": ("KAIST", "Seoul National University"), "JP": ("University of Tokyo",),
    "DE": ("TU Munich", "RWTH Aachen"), "FR": ("École Polytechnique",), "NL": ("TU Delft",),
    "CH": ("ETH Zurich",), "SE": ("KTH Royal Institute of Technology",),
    "IT": ("Politecnico di Milano",),
    "ES": ("Universitat Politècnica de Catalunya",), "IE": ("Trinity College Dublin",),
    "PL": ("Warsaw University of Technology",), "TR": ("Middle East Technical University",),
    "IL": ("Technion",), "AE": ("Khalifa University",), "EG": ("Cairo University",),
    "NG": ("University of Lagos",), "KE": ("University of Nairobi",),
    "ZA": ("University of Cape Town",), "BR": ("Universidade de São Paulo",),
    "MX": ("Tecnológico de Monterrey",), "NZ": ("University of Auckland",),
    "PK": ("NUST Islamabad",), "BD": ("BUET",), "TW": ("National Taiwan University",),
    "MO": ("University of Macau",),
}
COUNTRY_WEIGHTS = {"GB": 9, "US": 8, "IN": 10, "MY": 7, "ID": 6, "SG": 5, "KR": 5, "VN": 5,
                   "AU": 5, "CA": 4, "DE": 4, "FR": 3, "TH": 3, "PH": 3, "JP": 3, "NL": 2,
                   "CH": 2, "IT": 2, "ES": 2, "PK": 3, "BD": 2, "TW": 3, "MO": 2, "NG": 2,
                   "EG": 2, "KE": 1, "ZA": 1, "BR": 1, "MX": 1, "NZ": 1, "IE": 1, "SE": 1,
                   "PL": 1, "TR": 1, "IL": 1, "AE": 1}
GIVEN = ("Aarav", "Priya", "Oliver", "Amelia", "Lucas", "Sofia", "Minh", "Linh", "Siti", "Arif",
         "Jin-woo", "Yuna", "Haruto", "Sakura", "Leon", "Emma", "Mateo", "Isabella", "Omar",
         "Layla", "Chidi", "Amara", "Wanjiru", "Thabo", "Noah", "Chloe", "Rahul", "Ananya")
FAMILY = ("Sharma", "Smith", "Nguyen", "Tan", "Kim", "Sato", "Müller", "Dubois", "Rossi",
          "García", "Kowalski", "Hassan", "Okafor", "Mwangi", "Naidoo", "Silva", "Santos",
          "Patel", "Lee", "Wong", "Rahman", "Cohen", "Yilmaz", "Jansen", "Andersson")
FIELDS = ("Computer Science", "Electrical Engineering", "Biomedical Engineering",
          "Data Science", "Financial Engineering", "Mechanical Engineering", "Biotechnology",
          "Materials Science", "Artificial Intelligence", "Chemical Engineering")
STATEMENTS = (
    "I want to apply what I learnt in my thesis to real products at a Science Park company.",
    "Hong Kong's mix of finance and deep tech is where I want to start my career.",
    "I have built two research prototypes and want to see one through to users.",
    "An internship in Hong Kong would connect my studies with the Greater Bay Area.",
    "I am looking for a team that ships: I learn fastest by building with others.")


def external_person(rng: random.Random, origin: str) -> dict:
    """Name, country, institution, degree and field of one applicant of this origin."""
    if origin == "mainland":
        gender = rng.choice("mf")
        full = f"{rng.choice(PINYIN_SURNAMES)} {rng.choice(PINYIN_GIVEN[gender])}"
        country, institution = "CN", rng.choice(MAINLAND)
    else:
        full = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        countries = list(COUNTRY_WEIGHTS)
        country = rng.choices(countries, weights=list(COUNTRY_WEIGHTS.values()))[0]
        institution = rng.choice(OVERSEAS[country])
    return {"full_name": full, "country": country, "institution": institution,
            "degree_level": rng.choices(("bachelor", "master", "phd"), (55, 38, 7))[0],
            "field_of_study": rng.choice(FIELDS),
            "needs_visa": country not in ("HK",) and rng.random() < 0.97}
