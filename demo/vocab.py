"""Words of the demo world: names, professions, bios and communities (what people say in chats
is in demo/talk.py).

Plain data, no logic. UK NHS flavour; varied enough that word clouds of bios have something to
show. Nothing here names a real person or a real trust.
"""

from __future__ import annotations

FIRST_NAMES = [
    # A workforce as varied as the NHS's own.
    "Sarah", "Emma", "Claire", "Rachel", "Laura", "Gemma", "Kirsty", "Hannah", "Jo", "Becky",
    "Helen", "Nicola", "Lisa", "Amy", "Charlotte", "Sophie", "Katie", "Lucy", "Jess", "Zoe",
    "Anna", "Kate", "Fiona", "Siobhan", "Niamh", "Aoife", "Ceri", "Bethan", "Rhian", "Cerys",
    "Eilidh", "Morag", "Isla", "Mairi", "Paula", "Tracey", "Debbie", "Julie", "Karen", "Mandy",
    "Jackie", "Wendy", "Sue", "Ruth", "Alison", "Jenny", "Louise", "Vicky", "Donna", "Lorraine",
    "Priya", "Anita", "Sunita", "Nisha", "Aisha", "Fatima", "Zainab", "Amina", "Shabana", "Rukhsana",
    "Deepa", "Kavita", "Harpreet", "Jaspreet", "Simran", "Grace", "Blessing", "Chioma", "Adaeze",
    "Ngozi", "Abena", "Ama", "Akosua", "Esi", "Folake", "Yetunde", "Funmi", "Joy", "Precious",
    "Marisol", "Maria", "Rosario", "Joy-Ann", "Cherry", "Mae", "Liza", "Rowena", "Analyn",
    "Agnieszka", "Katarzyna", "Magda", "Ioana", "Elena", "Roxana", "Ana", "Lucia", "Sinead",
    "Mark", "James", "Dave", "Chris", "Paul", "Tom", "Ben", "Matt", "Rob", "Andy", "Steve", "Gareth",
    "Rhys", "Owen", "Callum", "Euan", "Fraser", "Jamie", "Liam", "Connor", "Sean", "Darren", "Lee",
    "Raj", "Sanjay", "Amit", "Imran", "Tariq", "Bilal", "Hassan", "Kwame", "Kofi", "Emeka",
    "Tunde", "Chidi", "Femi", "Jomo", "Marco", "Jose", "Rafael", "Tomasz", "Piotr", "Andrei",
    "Alex", "Sam", "Charlie", "Robin", "Jordan", "Ashley", "Frankie", "Jules", "Kit", "Rowan",
]

SURNAMES = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson",
    "Jackson", "Wright", "Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke", "James",
    "Morgan", "Hughes", "Edwards", "Hill", "Moore", "Clark", "Harrison", "Scott", "Young", "Morris",
    "Hall", "Ward", "Turner", "Carter", "Phillips", "Mitchell", "Patel", "Adams", "Campbell",
    "Anderson", "Allen", "Cook", "Bailey", "Parker", "Miller", "Davis", "Murphy", "Price", "Bell",
    "Baker", "Griffiths", "Kelly", "Simpson", "Marshall", "Collins", "Bennett", "Cox", "Richardson",
    "Fox", "Gray", "Rose", "Chapman", "Hunt", "Robertson", "Shaw", "Reynolds", "Lloyd", "Ellis",
    "Richards", "Russell", "Wilkinson", "Khan", "Graham", "Stewart", "Reid", "Murray", "Powell",
    "Palmer", "Holmes", "Rogers", "Stevens", "Walsh", "Hunter", "Thomson", "Matthews", "Ross",
    "Owen", "Mason", "Knight", "Kennedy", "Butler", "Saunders", "MacDonald", "Fraser", "McLean",
    "O'Neill", "Doherty", "Byrne", "Quinn", "Gallagher", "Rees", "Pritchard", "Llewellyn",
    "Singh", "Kaur", "Shah", "Ahmed", "Hussain", "Ali", "Begum", "Chaudhry", "Sharma", "Gupta",
    "Mistry", "Desai", "Okafor", "Adeyemi", "Mensah", "Boateng", "Osei", "Okonkwo", "Adebayo",
    "Nwosu", "Asante", "Santos", "Reyes", "Cruz", "Garcia", "Dela Cruz", "Mendoza", "Bautista",
    "Kowalski", "Nowak", "Wisniewska", "Popescu", "Ionescu", "Costa", "Ferreira", "Silva",
]

NAME_DECORATIONS = ["", "", "", "", "", "", "", " RN", " 💙", " 🌈", " 🏳️‍🌈", " 🌻", " (she/her)",
                    " 🏴󠁧󠁢󠁷󠁬󠁳󠁿", " 🇵🇭", " 🇳🇬", " 🇮🇳", " 🏃‍♀️", " 🐾"]

PLACES = [
    "Leeds", "Manchester", "Liverpool", "Sheffield", "Bradford", "Newcastle", "Sunderland",
    "Birmingham", "Coventry", "Leicester", "Nottingham", "Derby", "Stoke", "Bristol", "Plymouth",
    "Exeter", "Cornwall", "Devon", "Somerset", "Dorset", "Southampton", "Portsmouth", "Brighton",
    "Kent", "Essex", "Norfolk", "Suffolk", "Cambridge", "Oxford", "Reading", "Milton Keynes",
    "north London", "south London", "east London", "west London", "Hull", "York", "Lancashire",
    "Cumbria", "the Lake District", "Cheshire", "the Wirral", "Lincolnshire", "Yorkshire",
    "the North East", "the Midlands", "the South West", "Glasgow", "Edinburgh", "Aberdeen",
    "Dundee", "Inverness", "the Highlands", "Cardiff", "Swansea", "north Wales", "Belfast",
    "Derry", "the Isle of Wight",
]

# A handle signature that only fits some roles: the signature and a word its role must contain.
ROLE_HANDLES = {
    "Physio": "physio", "OT": "occupational", "SLT": "speech", "Dietitian": "dietitian",
    "Paramedic": "paramedic", "Radiog": "radiograph", "Podiatry": "podiatr", "HV": "health visitor",
    "DN": "district", "SchoolNurse": "school nurse", "CPN": "community psychiatric",
    "PharmTech": "technician", "Sister": "sister", "Matron": "matron",
}

# Each profession: the community it calls home, how common it is, the role phrases it uses in
# a bio, what it writes as a signature in a handle (whatever the role), and what it cares about.
PROFESSIONS: dict[str, dict] = {
    "nurse": {
        "community": "WeNurses", "weight": 24, "handle": ["RN", "Nurse"],
        "roles": [
            "Registered Nurse", "Staff Nurse on an acute medical ward", "Ward Sister", "Charge Nurse",
            "Senior Staff Nurse in ED", "ICU nurse", "Theatre nurse", "Matron for surgery",
            "Advanced Nurse Practitioner", "Clinical Nurse Specialist in tissue viability",
            "Macmillan Clinical Nurse Specialist", "Palliative care nurse", "Stroke nurse",
            "Cardiac nurse", "Renal nurse", "Diabetes specialist nurse", "Practice Educator",
            "Infection prevention nurse", "Neonatal nurse", "Children's nurse", "Chief Nurse",
            "Deputy Director of Nursing", "Nurse consultant in older people's care", "Research nurse",
            "Nurse lecturer", "Clinical academic nurse", "Safeguarding nurse", "Frailty nurse",
            "Critical care outreach nurse", "Bank nurse", "Retired nurse, still learning",
        ],
        "interests": [
            "patient safety", "dementia care", "end of life care", "quality improvement",
            "nursing research", "leadership", "compassionate care", "frailty", "sepsis",
            "clinical education", "preceptorship", "safe staffing", "infection prevention",
            "pressure ulcer prevention", "falls prevention", "evidence-based practice",
        ],
    },
    "midwife": {
        "community": "WeMidwives", "weight": 9, "handle": ["Midwife", "MW"],
        "roles": [
            "Midwife", "Community midwife", "Labour ward coordinator", "Consultant midwife",
            "Specialist perinatal mental health midwife", "Bereavement midwife", "Midwifery lecturer",
            "Continuity of carer team midwife", "Infant feeding lead", "Head of Midwifery",
            "Research midwife", "Birth centre midwife", "Retired midwife",
        ],
        "interests": [
            "continuity of carer", "normal birth", "perinatal mental health", "infant feeding",
            "maternity safety", "informed choice", "bereavement care", "birth trauma",
            "equity in maternity care", "home birth", "kindness in maternity care",
        ],
    },
    "student_midwife": {
        "community": "WeMidwives", "weight": 4, "handle": ["StMW", "SMW", "Midwife2b"],
        "roles": ["Student midwife", "Third year student midwife", "First year student midwife",
                  "Mature student midwife"],
        "interests": ["continuity of carer", "normal birth", "infant feeding", "learning every day",
                      "student voice"],
    },
    "ahp": {
        "community": "WeAHPs", "weight": 14, "handle": ["AHP"],
        "roles": [
            "Physiotherapist", "Occupational Therapist", "Speech and Language Therapist",
            "Dietitian", "Paramedic", "Diagnostic radiographer", "Therapeutic radiographer",
            "Podiatrist", "Orthoptist", "Art therapist", "Music therapist", "Prosthetist",
            "Operating department practitioner", "Osteopath", "Drama therapist",
            "AHP lead for a community trust", "Advanced practice physiotherapist",
            "First contact practitioner", "Consultant AHP", "AHP researcher",
        ],
        "interests": [
            "rehabilitation", "personalised care", "AHPs into action", "research in practice",
            "AHP leadership", "prevention", "social prescribing", "long COVID rehab",
            "dysphagia", "nutrition", "falls prevention", "return to work", "#AHPsDay",
        ],
    },
    "student_nurse": {
        "community": "WeStudentNurses", "weight": 16, "handle": ["SN", "StN", "StudentNurse"],
        "roles": [
            "Student Nurse (adult field)", "Student Nurse (mental health field)",
            "Student Nurse (children's field)", "Student Nurse (learning disability field)",
            "Third year student nurse", "Second year student nurse", "First year student nurse",
            "Nursing associate", "Trainee nursing associate", "Newly qualified nurse",
            "Student nurse and mum of three", "Nursing degree apprentice",
        ],
        "interests": [
            "placements", "learning every day", "student voice", "wellbeing", "reflection",
            "the #150Leaders programme", "future nurse proficiencies", "nursing research",
            "supervision and assessment", "resilience",
        ],
    },
    "mental_health": {
        "community": "WeMHNurses", "weight": 11, "handle": ["MHN", "RMN"],
        "roles": [
            "Mental health nurse", "RMN", "Community psychiatric nurse", "Crisis team nurse",
            "Inpatient mental health nurse", "CAMHS nurse", "Perinatal mental health nurse",
            "Forensic mental health nurse", "Liaison psychiatry nurse", "Nurse psychotherapist",
            "Eating disorders nurse", "Older adult mental health nurse", "Recovery college tutor",
            "Peer support worker", "Mental health nurse lecturer",
        ],
        "interests": [
            "recovery", "trauma-informed care", "reducing restrictive practice", "co-production",
            "lived experience", "suicide prevention", "physical health in SMI", "parity of esteem",
            "therapeutic relationships", "#MHNursing", "safewards",
        ],
    },
    "learning_disability": {
        "community": "WeLDNurses", "weight": 6, "handle": ["LDNurse", "RNLD"],
        "roles": [
            "Learning disability nurse", "RNLD", "Community learning disability nurse",
            "Acute liaison nurse for learning disabilities", "Learning disability nurse consultant",
            "Positive behaviour support practitioner", "LD nurse in a specialist school",
            "Learning disability nurse lecturer", "Family carer and expert by experience",
        ],
        "interests": [
            "reasonable adjustments", "STOMP", "LeDeR", "positive behaviour support",
            "health checks", "autism", "easy read", "inclusion", "human rights",
            "championing LD nursing", "co-production",
        ],
    },
    "community_nurse": {
        "community": "WeCommNurses", "weight": 10, "handle": ["CommNurse", "Nurse"],
        "roles": [
            "District nurse", "District nursing sister", "Community matron", "Health visitor",
            "School nurse", "Practice nurse", "General practice nurse", "Queen's Nurse",
            "Community staff nurse", "Continence nurse specialist", "Homeless health nurse",
            "Prison nurse", "Care home nurse", "Hospice at home nurse", "Specialist practitioner DN",
        ],
        "interests": [
            "care closer to home", "wound care", "end of life care at home", "frailty",
            "public health", "safeguarding", "health inequalities", "leg ulcer care",
            "integrated care", "carers", "#DNLeaders", "immunisations",
        ],
    },
    "pharmacist": {
        "community": "WePharmacists", "weight": 8, "handle": ["Pharm", "Pharmacist", "MedsGeek"],
        "roles": [
            "Pharmacist", "Community pharmacist", "Clinical pharmacist in general practice",
            "Hospital pharmacist", "Antimicrobial pharmacist", "Pharmacy technician",
            "Independent prescriber", "Chief pharmacist", "Mental health pharmacist",
            "Paediatric pharmacist", "Pre-registration pharmacist", "Pharmacy student",
            "Care home pharmacist", "Oncology pharmacist",
        ],
        "interests": [
            "medicines optimisation", "deprescribing", "antimicrobial stewardship",
            "polypharmacy", "medication safety", "structured medication reviews",
            "pharmacy workforce", "self-care", "#PharmacyTwitter", "vaccinations",
        ],
    },
}

SHARED_INTERESTS = [
    "wellbeing", "equality, diversity and inclusion", "kindness", "civility saves lives",
    "staff health", "research", "digital health", "sustainability in healthcare", "#NHS",
    "patient experience", "Schwartz rounds", "clinical supervision", "coaching", "mentoring",
    "person-centred care", "#CompassionInPractice", "health literacy", "green health",
]

BIO_EXTRAS = [
    "Views my own.", "Tweets my own.", "RTs ≠ endorsement.", "All views my own.",
    "Mum of two.", "Mum of three.", "Dad of two.", "Proud grandma.", "Parkrunner.",
    "Coffee lover ☕", "Tea drinker 🫖", "Dog mum 🐕", "Cat person 🐈", "Knitter.", "Runner 🏃",
    "Swimmer.", "Keen gardener 🌱", "Bookworm 📚", "Bakes too much cake 🍰", "Welsh speaker.",
    "Siarad Cymraeg.", "Gaelic learner.", "she/her", "he/him", "they/them", "RCN member.",
    "Unison steward.", "QNI fellow.", "Florence Nightingale Foundation scholar.",
    "Part-time PhD student.", "MSc student.", "Doctoral researcher.", "Blogger.", "Podcaster 🎙️",
    "Football fan ⚽", "Rugby fan 🏉", "Cricket lover 🏏", "Cyclist 🚴", "Wild swimmer 🌊",
    "Always learning.", "Proud to be NHS.", "Ex-army nurse.", "International nurse, 12 years in the UK.",
    "Returned to practice in 2020.", "Qualified in 1998.", "Qualified in 2015.", "Qualified in 2021.",
]

OUTSIDER_BIOS = [
    "Local news and views.", "Health policy journalist.", "Charity supporting carers.",
    "Healthcare recruitment.", "Football, family and good food.", "Photographer 📷",
    "Author. Walker. Tea.", "Patient advocate and blogger.", "MP's office.",
    "Medical devices sales.", "Digital agency.", "GP. Views my own.", "Hospital doctor.",
    "Healthcare think tank.", "Retired teacher.", "Community radio.",
]

OUTSIDER_NAMES = [
    "Health News Today", "Carers Together", "NHS Jobs Alerts", "Care Talk Radio", "Patient Voices",
    "Health Policy Watch", "Kind Words Project", "Dr Anna Lowe", "Dr Tom Reece", "Healthy Futures",
]

# The eight communities: name, display hashtag, colour, weekday (0 = Monday), UK time of the
# weekly chat, relative size (tweets per chat), and who they speak with.
COMMUNITY_SCHEDULE = {
    "WeNurses": (3, "20:00", 1.7, "patients"),
    "WeMidwives": (1, "20:00", 0.9, "women and families"),
    "WeAHPs": (0, "20:00", 1.0, "patients"),
    "WeStudentNurses": (6, "20:00", 1.3, "patients"),
    "WeMHNurses": (2, "20:00", 1.0, "service users"),
    "WeLDNurses": (1, "19:00", 0.6, "people with a learning disability"),
    "WeCommNurses": (2, "21:00", 0.8, "patients at home"),
    "WePharmacists": (6, "21:00", 0.6, "patients"),
}

TOPICS: dict[str, list[str]] = {
    "WeNurses": [
        "Safe staffing", "Delirium in older people", "Sepsis recognition", "Preceptorship",
        "Compassion fatigue", "Nursing handovers", "Pressure ulcer prevention", "Falls prevention",
        "Hydration and nutrition on the ward", "End of life care in hospital", "Revalidation",
        "Nurse-led research", "Flexible working", "Civility at work", "Infection prevention",
        "Advanced practice", "Speaking up for patient safety", "Caring for people with dementia",
        "Nursing leadership", "International nurses", "Deteriorating patients", "Night shifts",
        "Digital nursing", "Nursing and social media", "Health inequalities", "Retaining nurses",
    ],
    "WeMidwives": [
        "Continuity of carer", "Perinatal mental health", "Infant feeding support",
        "Bereavement care", "Informed choice in labour", "Home birth", "Birth trauma",
        "Midwifery staffing", "Racial inequity in maternity care", "Supporting student midwives",
        "Induction of labour", "Kindness in maternity care", "Postnatal care",
        "Maternity safety", "Smoking in pregnancy", "Fathers and partners",
        "Midwives' wellbeing", "Caesarean birth choices", "Safeguarding in maternity",
    ],
    "WeAHPs": [
        "AHPs into action", "Social prescribing", "Long COVID rehabilitation",
        "First contact practitioners", "AHP leadership", "Research in AHP practice",
        "Dysphagia awareness", "Prehabilitation", "Return to work", "Falls and frailty",
        "AHP apprenticeships", "Personalised care", "AHP support workers", "Digital therapy",
        "Multidisciplinary working", "AHPs in public health", "Visibility of AHPs",
        "Student placements for AHPs", "Nutrition in recovery",
    ],
    "WeStudentNurses": [
        "Surviving your first placement", "Finding your voice on placement", "Dissertations",
        "Student finances", "Preparing for your first job", "Practice assessment documents",
        "Resilience and wellbeing", "Reflection", "Choosing your field",
        "Being a mature student", "Raising concerns as a student", "Placement in the community",
        "Learning from mistakes", "Balancing study and caring", "Supervision and assessment",
        "Imposter syndrome", "Student leadership", "Interview tips",
    ],
    "WeMHNurses": [
        "Reducing restrictive practice", "Trauma-informed care", "Physical health in serious mental illness",
        "Suicide prevention", "Co-production with service users", "Therapeutic observation",
        "Safewards", "Recovery colleges", "Mental health and the police", "Crisis care",
        "Self-harm", "Stigma", "CAMHS waiting lists", "Peer support", "Psychological safety for staff",
        "Dual diagnosis", "Older adults' mental health", "Eating disorders",
    ],
    "WeLDNurses": [
        "Reasonable adjustments in hospital", "STOMP", "Learning from LeDeR",
        "Annual health checks", "Positive behaviour support", "Autism and hospital care",
        "Easy read information", "The future of learning disability nursing",
        "Transition to adult services", "Mental capacity and best interests", "Diagnostic overshadowing",
        "Supporting families", "Constipation awareness", "Epilepsy care", "Dysphagia in learning disability",
    ],
    "WeCommNurses": [
        "Caseload management", "Leg ulcer care", "End of life care at home", "Frailty at home",
        "Lone working", "Virtual wards", "Working with carers", "Care home support",
        "Health visiting and the early years", "School nursing", "Homelessness and health",
        "District nurse leadership", "Continence care", "Digital records in the community",
        "Anticipatory care planning", "Community nursing workforce", "Vaccination clinics",
    ],
    "WePharmacists": [
        "Deprescribing", "Antimicrobial stewardship", "Structured medication reviews",
        "Pharmacists in general practice", "Medicines shortages", "Polypharmacy in older people",
        "Independent prescribing", "Pharmacy technicians", "Medication errors",
        "Community pharmacy consultations", "Medicines in care homes", "Pharmacy and mental health",
        "Vaccinations in pharmacy", "Pharmacy workforce", "Self-care advice", "Opioid stewardship",
    ],
}
