"""Small lists of common Dutch names, to compose pupil and parent names quickly (Faker is too slow for
hundreds of thousands of rows). Invented combinations only: no real person is described."""

VOORNAMEN_MEISJE = [
    "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Yara", "Eva", "Liv", "Lotte", "Evi",
    "Anna", "Noor", "Saar", "Lieke", "Fenna", "Olivia", "Lina", "Fleur", "Sanne", "Isa", "Roos", "Femke",
    "Amira", "Nova", "Elin", "Maud", "Jasmijn", "Hanna", "Lynn", "Floor", "Esmee", "Ilse", "Mirthe",
]
VOORNAMEN_JONGEN = [
    "Noah", "Liam", "Luca", "Lucas", "Sem", "Finn", "Daan", "Levi", "Milan", "Bram", "Sam", "Jesse",
    "Thijs", "Mees", "Adam", "Noud", "Siem", "Ruben", "Lars", "Thomas", "Tim", "Julian", "Guus", "Jayden",
    "Mohammed", "Ayoub", "Stijn", "Teun", "Hugo", "Gijs", "Jens", "Niels", "Koen", "Max", "Jurre", "Owen",
]
VOORNAMEN_VOLWASSEN = [
    "Anouk", "Marieke", "Linda", "Saskia", "Esther", "Ingrid", "Petra", "Fatima", "Nicole", "Monique",
    "Karin", "Wendy", "Mark", "Jeroen", "Erik", "Martijn", "Bas", "Dennis", "Rob", "Hans", "Youssef",
    "Peter", "Sander", "Michel", "Arjen", "Wouter", "Ahmed", "Ilona", "Mariska", "Joost",
]
# (tussenvoegsel, achternaam); an empty tussenvoegsel for most.
ACHTERNAMEN = [
    ("", "Jansen"), ("de", "Jong"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"),
    ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"), ("", "Peeters"), ("de", "Jonge"),
    ("", "Kuipers"), ("van", "Veen"), ("", "Post"), ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"),
    ("van den", "Brink"), ("", "Scholten"), ("van", "Wijk"), ("", "Postma"), ("", "Martens"), ("", "Vink"),
    ("de", "Ruiter"), ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"), ("", "Jonker"), ("van", "Loon"),
    ("", "Boer"), ("van der", "Velde"), ("", "Willemsen"), ("", "Smeets"), ("de", "Lange"), ("de", "Vos"),
    ("", "Bosch"), ("van", "Dongen"), ("", "Schipper"), ("de", "Koning"), ("van der", "Laan"), ("", "Koning"),
    ("", "Yılmaz"), ("", "El Amrani"), ("", "Nguyen"), ("", "Kaya"), ("", "Bouzid"), ("", "Öztürk"),
]
