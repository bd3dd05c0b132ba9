"""The award forms of the Law on Emulation and Commendation (Luật Thi đua, khen thưởng 2022), highest first.

Loaded by ``manage.py seed_honours --catalogue-only`` on a new site (idempotent: existing forms are left
as editors set them) and by the demo; imports then match decision lists against it.
"""

from .models import AwardKind, AwardLevel

BOTH, PERSON, GROUP = AwardKind.BOTH, AwardKind.INDIVIDUAL, AwardKind.COLLECTIVE
STATE, GOV, MINISTRY, BASE = AwardLevel.STATE, AwardLevel.GOVERNMENT, AwardLevel.MINISTRY, AwardLevel.GRASSROOTS

AWARD_FORMS = [
    ("Huân chương Sao vàng", BOTH, STATE),
    ("Huân chương Hồ Chí Minh", BOTH, STATE),
    ("Huân chương Độc lập hạng Nhất", BOTH, STATE),
    ("Huân chương Độc lập hạng Nhì", BOTH, STATE),
    ("Huân chương Độc lập hạng Ba", BOTH, STATE),
    ("Huân chương Lao động hạng Nhất", BOTH, STATE),
    ("Huân chương Lao động hạng Nhì", BOTH, STATE),
    ("Huân chương Lao động hạng Ba", BOTH, STATE),
    ("Danh hiệu Anh hùng Lao động", BOTH, STATE),
    ("Chiến sĩ thi đua toàn quốc", PERSON, STATE),
    ("Cờ thi đua của Chính phủ", GROUP, GOV),
    ("Bằng khen của Thủ tướng Chính phủ", BOTH, GOV),
    ("Chiến sĩ thi đua cấp bộ, ngành, tỉnh", PERSON, MINISTRY),
    ("Cờ thi đua cấp bộ, ngành, tỉnh", GROUP, MINISTRY),
    ("Bằng khen cấp bộ, ngành, tỉnh", BOTH, MINISTRY),
    ("Tập thể lao động xuất sắc", GROUP, MINISTRY),
    ("Chiến sĩ thi đua cơ sở", PERSON, BASE),
    ("Lao động tiên tiến", PERSON, BASE),
    ("Tập thể lao động tiên tiến", GROUP, BASE),
    ("Giấy khen", BOTH, BASE),
]


def load_catalogue():
    """Create the forms that are missing; returns how many were created."""
    from .models import AwardForm

    existing = set(AwardForm.objects.values_list("name", flat=True))
    created = 0
    for rank, (name, kind, level) in enumerate(AWARD_FORMS, start=1):
        if name not in existing:
            AwardForm.objects.create(name=name, kind=kind, level=level, rank=rank * 10)
            created += 1
    return created
