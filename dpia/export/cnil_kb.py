"""The names the CNIL PIA software gives its knowledge-base measures, in French and English.

Copied from the software's own catalogues (LINCnil/pia v4.1.0, GPL-3.0): `src/assets/i18n/fr.json`
and `en.json`, key `knowledge_base.slugs.<SLUG>.name`, for the slugs of `dpia.model.Measures`.

A measure exported under exactly this name is the knowledge-base entry for the tool: when a PIA is
open, the tool hides the entry's "add this measure" button when a measure already has that title
(`knowledge-base-item.component.html`, `toHide.includes(titleKb)`), and the measures questions 324,
334 and 344 accept only existing measure titles (`onlyFromAutocomplete`). So the names are kept
byte for byte, including the knowledge base's own spellings ("Eloignement" without an accent, the
final full stop of PIA_ORG_EXT, the leading space of the English PIA_ORG_VIOL).
"""

from __future__ import annotations

from dpia.labels import Lang
from dpia.model import cnil_slug

KB_NAMES: dict[str, tuple[str, str]] = {
    "PIA_TEC_CHIF": ("Chiffrement", "Encryption"),
    "PIA_DEF_PSEU": ("Pseudonymisation", "Pseudonymisation"),
    "PIA_TEC_ANO": ("Anonymisation", "Anonymisation"),
    "PIA_TEC_CLO": ("Cloisonnement", "Partitioning data"),
    "PIA_TEC_CTLA": ("Contrôle des accès logiques", "Logical access control"),
    "PIA_TEC_LOG": ("Journalisation", "Traceability (logging)"),
    "PIA_TEC_ARCH": ("Archivage", "Archiving"),
    "PIA_TEC_PAP": ("Sécurisation des documents papier", "Paper document security"),
    "PIA_TEC_MINI": ("Minimisation des données", "Minimising the amount of personal data"),
    "PIA_SEC_EXP": ("Sécurisation de l'exploitation", "Operating security"),
    "PIA_SEC_MAL": ("Lutte contre les logiciels malveillants", "Clamping down on malicious software"),
    "PIA_SEC_COMP": ("Gestion des postes de travail", "Managing workstations"),
    "PIA_SEC_WEB": ("Protection des sites web", "Website security"),
    "PIA_SEC_BKP": ("Sauvegarde des données", "Backups"),
    "PIA_SEC_MAIN": ("Maintenance", "Maintenance"),
    "PIA_SEC_CTR": ("Contrat de sous-traitance", "Processing contracts"),
    "PIA_SEC_NET": ("Sécurisation des canaux informatiques", "Network security"),
    "PIA_SEC_PHY": ("Sécurité physique", "Physical access control"),
    "PIA_SEC_LOG": ("Traçabilité", "Monitoring network activity"),
    "PIA_SEC_MAT": ("Sécurisation des matériels", "Hardware security"),
    "PIA_SEC_SRC": ("Eloignement des sources de risques", "Avoiding sources of risk"),
    "PIA_SEC_PROT": (
        "Protection contre les sources de risques non humaines",
        "Protecting against non-human sources of risks",
    ),
    "PIA_ORG_ORG": ("Organisation de la politique de protection de la vie privée", "Organisation"),
    "PIA_ORG_POL": ("Gérer la politique de protection de la vie privée", "Policy"),
    "PIA_ORG_RMGT": ("Gérer les risques", "Managing privacy risks"),
    "PIA_ORG_PBD": (
        "Intégrer la protection de la vie privée dans les projets",
        "Integrating privacy protection in projects",
    ),
    "PIA_ORG_VIOL": (
        "Gérer les incidents de sécurité et les violations de données",
        " Managing personal data violations",
    ),
    "PIA_ORG_PERS": ("Gestion des personnels", "Personnel management"),
    "PIA_ORG_EXT": ("Gestion des tiers accédant aux données.", "Relations with third parties"),
    "PIA_ORG_AUD": ("Superviser la protection de la vie privée", "Supervision"),
}


def measure_title(name: str, lang: Lang) -> str:
    """The title of the measure field `name` in the tool: its knowledge-base name in `lang`."""
    french, english = KB_NAMES[cnil_slug(name)]
    return french if lang == "fr" else english
