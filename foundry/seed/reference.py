"""Reference data of both generators: universities, faculties, programmes and skills.

Faculty "kinds" (eng, comp, sci, med, bus) drive who studies what, which clusters students follow
and the salary and destination mix in one place (see foundry.seed.plan).
"""

from __future__ import annotations

# code, name, Chinese name, student e-mail domain, share of the students generated (HKUST, the
# demo dean's university, a little larger so its faculty-level cells clear the suppression rule)
UNIVERSITIES = (
    ("CUHK", "The Chinese University of Hong Kong", "香港中文大學", "link.cuhk.edu.hk", 0.17),
    ("CityU", "City University of Hong Kong", "香港城市大學", "my.cityu.edu.hk", 0.14),
    ("HKBU", "Hong Kong Baptist University", "香港浸會大學", "life.hkbu.edu.hk", 0.08),
    ("PolyU", "The Hong Kong Polytechnic University", "香港理工大學", "connect.polyu.hk", 0.16),
    ("HKUST", "The Hong Kong University of Science and Technology", "香港科技大學",
     "connect.ust.hk", 0.27),
    ("HKU", "The University of Hong Kong", "香港大學", "connect.hku.hk", 0.18),
)

# Staff e-mail domains (deans and faculty staff).
STAFF_DOMAINS = {"CUHK": "cuhk.edu.hk", "CityU": "cityu.edu.hk", "HKBU": "hkbu.edu.hk",
                 "PolyU": "polyu.edu.hk", "HKUST": "ust.hk", "HKU": "hku.hk"}

B, M, P, A = "bachelor", "master", "phd", "associate"

# university code -> ((faculty name, kind, weight, ((programme, degree level), ...)), ...)
FACULTIES: dict[str, tuple] = {
    "CUHK": (
        ("Faculty of Engineering", "eng", 3.0, (
            ("BEng Computer Science", B), ("BEng Electronic Engineering", B),
            ("BEng Mechanical and Automation Engineering", B),
            ("MSc Artificial Intelligence", M))),
        ("Faculty of Science", "sci", 1.5, (
            ("BSc Physics", B), ("BSc Biochemistry", B), ("BSc Mathematics", B))),
        ("Faculty of Medicine", "med", 1.0, (
            ("BSc Biomedical Sciences", B), ("BPharm Pharmacy", B), ("MSc Health Informatics", M))),
        ("Faculty of Business Administration", "bus", 1.2, (
            ("BBA Quantitative Finance", B), ("BBA Business Analytics", B),
            ("MSc Financial Technology", M))),
    ),
    "CityU": (
        ("College of Engineering", "eng", 3.0, (
            ("BEng Electrical Engineering", B), ("BEng Mechanical Engineering", B),
            ("BEng Biomedical Engineering", B), ("BEng Materials Engineering", B))),
        ("College of Computing", "comp", 2.5, (
            ("BSc Computer Science", B), ("BSc Data Science", B),
            ("MSc Artificial Intelligence", M))),
        ("College of Business", "bus", 1.2, (
            ("BBA Information Systems", B), ("BBA Finance", B))),
    ),
    "HKBU": (
        ("Faculty of Science", "sci", 2.0, (
            ("BSc Computer Science", B), ("BSc Chemistry", B),
            ("BSc Biotechnology and Biomedical Science", B))),
        ("School of Business", "bus", 1.0, (
            ("BBA Finance", B), ("BBA Information Systems and e-Business Management", B))),
    ),
    "PolyU": (
        ("Faculty of Engineering", "eng", 3.0, (
            ("BEng Electrical Engineering", B), ("BEng Electronic and Information Engineering", B),
            ("BEng Industrial and Systems Engineering", B), ("HD Engineering", A))),
        ("Faculty of Computer and Mathematical Sciences", "comp", 2.2, (
            ("BSc Computing", B), ("BSc Financial Technology and Artificial Intelligence", B),
            ("MSc Data Science and Analytics", M))),
        ("Faculty of Science", "sci", 1.2, (
            ("BSc Applied Biology with Biotechnology", B), ("BSc Chemical Technology", B))),
        ("Faculty of Business", "bus", 1.0, (
            ("BBA Accountancy and Finance", B), ("BBA Logistics Engineering and Management", B))),
    ),
    "HKUST": (
        ("School of Engineering", "eng", 3.5, (
            ("BEng Computer Engineering", B), ("BEng Computer Science", B),
            ("BEng Electronic Engineering", B), ("MSc Integrated Circuit Design Engineering", M))),
        ("School of Science", "sci", 1.5, (
            ("BSc Physics", B), ("BSc Biochemistry and Cell Biology", B),
            ("BSc Data Science and Technology", B))),
        ("School of Business and Management", "bus", 1.3, (
            ("BBA Economics and Finance", B), ("BBA Information Systems", B),
            ("MSc Financial Technology", M))),
    ),
    "HKU": (
        ("Faculty of Engineering", "eng", 2.8, (
            ("BEng Electrical Engineering", B), ("BEng Civil Engineering", B),
            ("BEng Medical Engineering", B), ("PhD Electrical and Electronic Engineering", P))),
        ("School of Computing and Data Science", "comp", 2.4, (
            ("BSc Computer Science", B), ("BSc Statistics", B),
            ("MSc Artificial Intelligence", M))),
        ("Faculty of Science", "sci", 1.3, (
            ("BSc Chemistry", B), ("BSc Earth Sciences", B), ("BSc Ecology and Biodiversity", B))),
        ("Faculty of Business and Economics", "bus", 1.3, (
            ("BBA Finance", B), ("BEcon&Fin Economics and Finance", B))),
    ),
}

# Extra faculties loaded by the scale generator only (Hong Kong scale has ~30 faculties).
SCALE_FACULTIES: dict[str, tuple] = {
    "CUHK": (("Faculty of Social Science", "bus", 0.6, (("BSSc Architectural Studies", B),)),),
    "CityU": (("College of Science", "sci", 1.0, (("BSc Chemistry", B), ("BSc Physics", B))),
              ("Jockey Club College of Veterinary Medicine and Life Sciences", "med", 0.4, (
                  ("BSc Veterinary Sciences", B),))),
    "HKBU": (("Faculty of Social Sciences", "bus", 0.5, (("BSocSc Geography", B),)),),
    "PolyU": (("Faculty of Construction and Environment", "eng", 1.2, (
        ("BEng Building Services Engineering", B), ("BSc Surveying", B))),
              ("Faculty of Health and Social Sciences", "med", 0.8, (
                  ("BSc Medical Laboratory Science", B), ("BSc Radiography", B)))),
    "HKUST": (("Academy of Interdisciplinary Studies", "comp", 0.8, (
        ("BSc Risk Management and Business Intelligence", B),)),
              ("School of Humanities and Social Science", "bus", 0.4, (
                  ("BSc Quantitative Social Analysis", B),))),
    "HKU": (("Faculty of Medicine", "med", 1.0, (
        ("BBiomedSc Biomedical Sciences", B), ("BPharm Pharmacy", B))),
            ("Faculty of Architecture", "eng", 0.6, (("BSc Surveying", B),))),
}

# Clusters a faculty kind's students follow and are hired into, with weights.
KIND_CLUSTERS = {
    "eng": (("ai_robotics", 3), ("microelectronics", 2), ("smart_city", 2),
            ("advanced_manufacturing", 2), ("new_materials", 1), ("sustainability", 1),
            ("healthtech", 1)),
    "comp": (("ai_robotics", 4), ("fintech", 3), ("smart_city", 2), ("healthtech", 1)),
    "sci": (("healthtech", 3), ("new_materials", 2), ("sustainability", 2), ("ai_robotics", 1)),
    "med": (("healthtech", 6), ("ai_robotics", 1)),
    "bus": (("fintech", 5), ("smart_city", 1), ("sustainability", 1), ("ai_robotics", 1)),
}

COMPETENCIES = (
    ("Career & Self-Development",
     "Plans a career path, seeks feedback and keeps learning new skills on purpose."),
    ("Communication",
     "Explains ideas clearly in writing and speech to technical and non-technical audiences."),
    ("Critical Thinking",
     "Weighs evidence, spots weak assumptions and reaches sound, well-argued decisions."),
    ("Equity & Inclusion",
     "Works respectfully with people of every background and makes room for other views."),
    ("Leadership", "Takes initiative, rallies others around a goal and follows through."),
    ("Professionalism",
     "Is reliable, punctual and accountable, and acts with integrity at work."),
    ("Teamwork", "Shares work fairly, supports teammates and resolves disagreements well."),
    ("Technology",
     "Picks up new tools quickly and uses technology responsibly to get work done."),
)

# cluster -> technical skills (about 60 in all)
TECHNICAL_SKILLS: dict[str, tuple[str, ...]] = {
    "ai_robotics": ("Python", "Machine learning", "Deep learning (PyTorch)", "Computer vision",
                    "Natural language processing", "ROS robotics", "Data engineering (SQL)",
                    "MLOps and model deployment"),
    "healthtech": ("GMP lab practice", "Clinical data management", "Medical device regulation",
                   "Bioinformatics", "Cell culture", "Biostatistics (R)",
                   "ISO 13485 quality systems", "Medical imaging analysis"),
    "fintech": ("Smart contracts (Solidity)", "Risk modelling", "Quantitative analysis",
                "Payment systems and APIs", "Regulatory technology (KYC/AML)",
                "Cloud security", "Java backend development", "Financial data visualisation"),
    "smart_city": ("IoT systems", "BIM (Building Information Modelling)",
                   "GIS and spatial analysis",
                   "Embedded C", "Cloud platforms (AWS/Azure)", "Full-stack web development",
                   "5G and wireless networking"),
    "microelectronics": ("PCB design", "FPGA / Verilog", "Analogue circuit design",
                         "VLSI physical design", "Semiconductor process", "Embedded firmware",
                         "Signal integrity testing"),
    "new_materials": ("Battery materials", "Materials characterisation (SEM/XRD)",
                      "Polymer processing", "Thin-film deposition", "Nanomaterials synthesis",
                      "Computational materials modelling", "Lab safety and SOPs"),
    "advanced_manufacturing": ("CNC / CAM programming", "CAD (SolidWorks)",
                               "Industrial automation (PLC)",
                               "Lean manufacturing", "Additive manufacturing (3D printing)",
                               "Quality control (Six Sigma)", "Digital twins"),
    "sustainability": ("Carbon accounting", "Energy systems modelling", "ESG reporting",
                       "Life-cycle assessment", "Water treatment technology",
                       "Solar PV system design", "Environmental data analysis"),
}
