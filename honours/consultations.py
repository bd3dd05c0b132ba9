"""What a public consultation turns into when its decision is issued, and what readers may send it.

``issue_decision`` is the one way proposals become commendations: the admin's "Ban hành quyết định"
view and the tests call it, so the rule (which fields carry over, how repeats are recognised) lives
in one place. It is idempotent because reviewers press buttons twice and imports get re-run: a
proposal already present under the decision (the same key as the database's unique constraint) is
left alone, so a second run creates nothing.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .models import Commendation, Consultation
from .text import word_column

# Separators people type inside phone numbers: "0912 345 678", "(024) 3823.4567", "+84-912-345-678".
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# A Vietnamese number (0 and 9 to 11 more digits) or an international one (+ and 8 to 14 digits).
PHONE = re.compile(r"(?:0\d{8,10}|\+\d{8,14})")


def looks_like_contact(value):
    """True for an email address or something dialable; the reviewers must be able to reply."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            return False
        return True
    return bool(PHONE.fullmatch(PHONE_SEPARATORS.sub("", value)))


def _key(decision, award, kind, name, unit):
    """The unique constraint's columns (``honours_one_award_per_recipient_per_decision``)."""
    return (decision.pk, award.pk, kind, word_column(name), word_column(unit.name if unit else ""))


def issue_decision(consultation, decision):
    """Attach ``decision`` to ``consultation`` (which closes it) and turn its proposals into
    commendations; returns how many commendations were created (0 on a repeat run).

    One transaction: either every proposal is conferred and the consultation closed, or nothing
    changes. The consultation row is locked (PostgreSQL) so two reviewers pressing at once cannot
    both create the rows. A consultation already closed by another decision is refused rather than
    moved: its commendations would stay behind under the first one.
    """
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().select_related("award").get(pk=consultation.pk)
        if locked.decision_id is not None and locked.decision_id != decision.pk:
            raise ValidationError(
                f"Đợt lấy ý kiến này đã gắn với {locked.decision}; không thể ban hành bằng quyết định khác."
            )
        award = locked.award
        proposals = list(locked.proposals.select_related("unit").order_by("sort_order", "pk"))
        refused = [p.name for p in proposals if not award.allows(p.kind)]
        if refused:
            raise ValidationError(
                f"Hình thức “{award}” chỉ dành cho {award.get_kind_display().lower()}; "
                f"không thể khen: {', '.join(refused)}."
            )
        existing = {
            (decision.pk, award.pk, kind, name_words, unit_words)
            for kind, name_words, unit_words in Commendation.objects.filter(decision=decision, award=award).values_list(
                "kind", "name_words", "unit_words"
            )
        }
        created = 0
        for proposal in proposals:
            key = _key(decision, award, proposal.kind, proposal.name, proposal.unit)
            if key in existing:
                continue
            Commendation.objects.create(
                name=proposal.name,
                kind=proposal.kind,
                position=proposal.position,
                unit=proposal.unit,
                award=award,
                decision=decision,
                campaign_id=locked.campaign_id,
                year=proposal.year,
                achievements=proposal.achievements,
            )
            existing.add(key)
            created += 1
        if locked.decision_id != decision.pk:
            locked.decision = decision
            locked.save(update_fields=["decision"])
        consultation.decision = decision
        return created
