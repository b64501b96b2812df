"""Short labels for the impacts, threats and risk sources of the CNIL PIA software's list answers.

The tool's risk overview (item 3.5, `overview-risks.component.ts`) draws each list item in a box
180 px wide and cuts longer items; about 25 characters fit. The list answers (321-323, 331-333,
341-343) therefore hold a label of at most `MAX_LABEL` characters, and the full sentence goes in the
same answer's text, which the tool shows under the tags (`questions.component.html`).

Labels are keyed by the exact sentence scoring writes, in French and in English, so the same
sentence gets the same label under every risk and the overview links them. A sentence that has no
label here (new wording in scoring) is shortened at a word boundary rather than cut mid-word; the
tests list the sentences of every sample so such a gap is caught.
"""

from __future__ import annotations

MAX_LABEL = 25

LABELS: dict[str, str] = {
    # Impacts
    "Hameçonnage ciblé ou fraude à partir des coordonnées et des rendez-vous": "Hameçonnage, fraude",
    "Targeted phishing or fraud using the contact and appointment details": "Phishing, fraud",
    "Divulgation à des proches, des employeurs ou des assureurs de ce que les données révèlent de la santé "
    "des personnes": "Santé divulguée à autrui",
    "Disclosure to relatives, employers or insurers of what the data reveal about the persons' health": (
        "Health data disclosed"
    ),
    "Perte de confiance dans la campagne de vaccination ou dans le système de soins": "Perte de confiance",
    "Loss of trust in the vaccination campaign or the care system": "Loss of trust",
    "Rendez-vous manqués, déplacés ou annulés, retardant les soins": "Rendez-vous manqués",
    "Missed, moved or cancelled appointments, delaying care": "Missed appointments",
    "Soins prodigués sur la base de données erronées ou altérées (contre-indications ignorées)": (
        "Soins sur données fausses"
    ),
    "Care given on wrong or altered data (disregard of contraindications)": "Care on wrong data",
    "Messages envoyés à la mauvaise personne": "Messages mal adressés",
    "Messages sent to the wrong person": "Misdirected messages",
    "Rendez-vous perdus : personnes non vaccinées ou non soignées à temps": "Rendez-vous perdus",
    "Appointments lost: persons not vaccinated or cared for in time": "Lost appointments",
    "Démarches à refaire pour réserver de nouveau": "Démarches à refaire",
    "Having to book again": "Booking again",
    "Perte de l'historique nécessaire au suivi des soins": "Historique de soins perdu",
    "Loss of the history needed for follow-up care": "Care history lost",
    "Données relatives à la santé remises à une autorité étrangère à l'insu des personnes et sans recours "
    "dans l'UE": "Remise à un État tiers",
    "Health-related data handed to a foreign authority without the persons' knowledge or any remedy in the EU": (
        "Handed to a foreign state"
    ),
    "Perte de maîtrise de données exploitées à l'étranger à des fins de renseignement ou répressives": (
        "Exploitation à l'étranger"
    ),
    "Loss of control over data used for intelligence or law-enforcement purposes abroad": "Used abroad",
    "Effet dissuasif sur le recours au service de soins ou de vaccination": "Effet dissuasif",
    "Chilling effect on the use of the care or vaccination service": "Chilling effect",
    # Threats
    "Vol d'identifiants ou d'un compte administrateur": "Vol d'identifiants",
    "Theft of credentials or of an administrator account": "Credential theft",
    "Exploitation d'une vulnérabilité de l'application web": "Faille de l'application",
    "Exploitation of a web application vulnerability": "Web app vulnerability",
    "Consultation excessive par des personnels habilités": "Consultation excessive",
    "Excessive consultation by authorised staff": "Excessive consultation",
    "Copie de sauvegardes ou de bases de données par le personnel d'un prestataire": "Copie par un prestataire",
    "Copy of backups or databases by a provider's personnel": "Copy by a provider",
    "Modification non autorisée au moyen d'un compte compromis": "Compte compromis",
    "Unauthorised change through a compromised account": "Compromised account",
    "Erreur logicielle ou mise à jour défectueuse": "Erreur logicielle",
    "Software error or faulty update": "Software error",
    "Altération malveillante de la base de données ou des messages en transit": "Altération malveillante",
    "Malicious alteration of the database or of messages in transit": "Malicious alteration",
    "Rançongiciel ou suppression par un attaquant": "Rançongiciel, suppression",
    "Ransomware or deletion by an attacker": "Ransomware, deletion",
    "Panne matérielle, incendie ou inondation dans un centre de données": "Panne, sinistre",
    "Hardware failure, fire or flood at a data centre": "Failure, fire, flood",
    "Défaillance d'un prestataire ou fin de contrat sans réversibilité": "Défaillance prestataire",
    "Provider failure or end of contract without reversibility": "Provider failure",
    "Suppression accidentelle par le personnel": "Suppression accidentelle",
    "Accidental deletion by staff": "Accidental deletion",
    "Communication imposée à un prestataire ou à sa société mère (mandat, ordonnance de production, "
    "injonction FISA §702)": "Communication imposée",
    "Compelled disclosure by a provider or its parent (warrant, production order, FISA §702 directive)": (
        "Compelled disclosure"
    ),
    "Accès à distance depuis un pays tiers par les administrateurs ou le support d'un prestataire": (
        "Accès depuis l'étranger"
    ),
    "Remote access from a third country by a provider's administrators or support": "Remote access from abroad",
    "Collecte de données en transit": "Collecte en transit",
    "Collection of data in transit": "Collection in transit",
    # Risk sources
    "Sources humaines internes : personnels négligents ou malveillants du responsable du traitement, "
    "des centres ou des prestataires": "Sources humaines internes",
    "Internal human sources: negligent or rogue staff of the controller, the centres or the providers": (
        "Internal human sources"
    ),
    "Sources humaines externes : attaquants, fraudeurs, proches, tiers disposant d'un accès légitime "
    "qui en font un mauvais usage": "Sources humaines externes",
    "External human sources: attackers, fraudsters, relatives, third parties with legitimate access who misuse it": (
        "External human sources"
    ),
    "Sources non humaines : coupures de courant, incendie, dégât des eaux, catastrophes naturelles": (
        "Sources non humaines"
    ),
    "Non-human sources: power cuts, fire, water damage, natural disasters": "Non-human sources",
    "Autorités publiques de pays tiers (services répressifs, services de renseignement)": "Autorités de pays tiers",
    "Third-country public authorities (law enforcement, intelligence services)": "Third-country authorities",
    "Prestataires et sociétés mères soumis au droit d'un pays tiers": "Prestataires exposés",
    "Providers and parent companies subject to third-country law": "Exposed providers",
}


def short_label(sentence: str) -> str:
    """The list label of `sentence`: its own short label, else its head shortened at a word boundary."""
    known = LABELS.get(sentence)
    if known is not None:
        return known
    # The part before a colon or a parenthesis names the thing; the rest explains it.
    head = sentence.split(":", 1)[0].split("(", 1)[0].strip(" ,;")
    if len(head) <= MAX_LABEL:
        return head
    words: list[str] = []
    for word in head.split():
        if len(" ".join([*words, word])) > MAX_LABEL - 1:
            break
        words.append(word)
    return (" ".join(words) or head[: MAX_LABEL - 1]) + "…"
