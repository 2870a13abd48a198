"""Small lists of common Dutch names, to compose synthetic pupils and parents (no real persons)."""

VOORNAMEN_M = (
    "Daan Sem Noah Lucas Levi Finn Luuk Milan Bram Jesse Thijs Mees Sam Thomas Ruben Max Julian Gijs Teun Jens "
    "Adam Mohammed Liam Siem Boaz Stijn Tim Floris Jayden Olivier Ravi Mats Hugo Ties Cas Lars Ryan Otis Vince Jan"
).split()
VOORNAMEN_V = (
    "Emma Julia Mila Tess Sophie Zoë Sara Nora Yara Eva Liv Lotte Evi Noor Anna Saar Lieke Fleur Nina Fenna "
    "Isa Roos Lynn Maud Olivia Lina Amira Jasmijn Elin Hailey Sanne Femke Vera Ilse Romy Esmee Indy Mirthe Norah Fatima"
).split()
ACHTERNAMEN = (
    "Jansen|de Jong|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|"
    "Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|"
    "Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|"
    "Beekman|Hoekstra|Postma|Kuipers|Veenstra|Wolters|Lubbers|Kamphuis|Nijhof|Oosterhuis|Bosman|Yilmaz|El Amrani|"
    "Nguyen|Kaya|Koster|Prins|Huisman|Timmerman|Evers|Kroeze|Boerman|Scholten"
).split("|")


def split_achternaam(naam: str) -> tuple[str, str]:
    """'van den Berg' -> ('van den', 'Berg')."""
    delen = naam.split(" ")
    i = 0
    while i < len(delen) - 1 and delen[i][0].islower():
        i += 1
    return " ".join(delen[:i]), " ".join(delen[i:])
