"""The organisations of the three scenarios and the units that host students."""

from organisations.models import Organisation
from organisations.services import unit_create

from .context import DemoContext

ORGANISATIONS = [
    ("den_haag", "Politie Eenheid Den Haag", Organisation.Kind.POLICE_UNIT, "Den Haag"),
    ("rotterdam", "Politie Eenheid Rotterdam", Organisation.Kind.POLICE_UNIT, "Rotterdam"),
    ("landelijk", "Politie Landelijke Eenheid", Organisation.Kind.NATIONAL_UNIT, "Driebergen"),
    ("staf", "Staf Korpsleiding", Organisation.Kind.STAFF_DIRECTORATE, "Den Haag"),
    ("nijmegen", "Gemeente Nijmegen", Organisation.Kind.MUNICIPALITY, "Nijmegen"),
    ("dordrecht", "Gemeente Dordrecht", Organisation.Kind.MUNICIPALITY, "Dordrecht"),
    ("veilig_thuis", "Veilig Thuis Rotterdam-Rijnmond", Organisation.Kind.PARTNER, "Rotterdam"),
    ("roc", "ROC Nijmegen", Organisation.Kind.SCHOOL, "Nijmegen"),
    ("helicon", "Helicon MBO Nijmegen", Organisation.Kind.SCHOOL, "Nijmegen"),
]
# organisation, unit, parent unit, address
UNITS = [
    ("den_haag", "DRIO", None, "Burgemeester Patijnlaan 35, Den Haag"),
    ("den_haag", "DRIO – Analyse en Onderzoek", "DRIO", "Burgemeester Patijnlaan 35, Den Haag"),
    ("den_haag", "District Haaglanden-Zuid", None, "Jan Hendrikplaats 1, Den Haag"),
    ("den_haag", "Bedrijfsvoering – HRM", None, "Burgemeester Patijnlaan 35, Den Haag"),
    ("rotterdam", "Dienst Regionale Recherche", None, "Doelwater 5, Rotterdam"),
    ("rotterdam", "Gebiedsgebonden Politiezorg", None, "Doelwater 5, Rotterdam"),
    ("staf", "Directie Strategie & Innovatie", None, "Nieuwe Uitleg 1, Den Haag"),
    ("landelijk", "Landelijk team Forensische Opsporing", None, "Hoofdstraat 54, Driebergen"),
    ("nijmegen", "Toezicht & Handhaving", None, "Korte Nieuwstraat 6, Nijmegen"),
    ("veilig_thuis", "Procesregie", None, "Rotterdam"),
    ("dordrecht", "Sociaal Domein", None, "Spuiboulevard 300, Dordrecht"),
]


def build(ctx: DemoContext) -> None:
    for key, name, kind, city in ORGANISATIONS:
        ctx.organisations[key] = Organisation.objects.create(name=name, kind=kind, city=city)
    for key, name, parent, address in UNITS:
        ctx.units[name] = unit_create(
            organisation=ctx.organisations[key],
            name=name,
            parent=ctx.units[parent] if parent else None,
            address=address,
            actor=ctx.users["admin"],
        )
