"""The one table of system lines: what the visitor and the staff read for each fixed code the
transcript stores (`Message.kind == "event"`, `text` = the code). Everything that shows a
system line (the visitor's page with and without JavaScript, the staff console, live events)
reads it from here, through gettext."""

from django.utils.translation import gettext_lazy as _

# code: (the visitor's line, the staff's line)
SYSTEM_LINES = {
    "answered": (_("En samtalepartner er her nå."), _("Du har tatt samtalen.")),
    "ended_by_visitor": (_("Du har avsluttet samtalen."), _("Personen har avsluttet samtalen.")),
    "ended_by_responder": (_("Samtalepartneren har avsluttet samtalen."), _("Samtalen er avsluttet av samtalepartneren.")),
    "ended_by_system": (_("Samtalen ble avsluttet fordi det var stille lenge."), _("Samtalen ble avsluttet fordi det var stille lenge.")),
    "leader_joined": (_("Vaktlederen er med i samtalen nå."), _("Vaktlederen er med i samtalen nå.")),
    "transfer_consent": (
        _("Samtalepartneren foreslår å sette deg over til noen som kan hjelpe deg videre. Er det greit for deg?"),
        _("Personen blir spurt om det er greit å bli satt over."),
    ),
    "transfer_declined": (_("Greit, du fortsetter med samme samtalepartner."), _("Personen vil ikke bli satt over.")),
    "transfer_waiting": (
        _("Vi setter deg over. Du kan skrive mens du venter, samtalepartneren din er her til noen har tatt over."),
        _("Personen sa ja. Vi venter på at mottakeren tar imot."),
    ),
    "transfer_done": (
        _("Nå snakker du med en ny samtalepartner. Hen har fått et kort sammendrag, så du slipper å fortelle alt på nytt."),
        _("Samtalen er satt over."),
    ),
    "case_offer": (_("Samtalepartneren spør om du vil ha en fast samtalepartner. Svar under, når du vil."), _("Personen er spurt om en fast samtalepartner.")),
    "transfer_returned": (_("Overføringen gikk ikke nå. Du fortsetter med samme samtalepartner."), _("Overføringen gikk ikke. Samtalen er fortsatt din.")),
}


def visitor_line(code: str) -> str:
    pair = SYSTEM_LINES.get(code)
    return str(pair[0]) if pair else ""


def staff_line(code: str) -> str:
    pair = SYSTEM_LINES.get(code)
    return str(pair[1]) if pair else ""


def visitor_lines() -> dict:
    """Every visitor line in the active language (for the page's script)."""
    return {code: str(pair[0]) for code, pair in SYSTEM_LINES.items()}
