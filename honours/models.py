"""The column's achievements as data: decisions, the catalogue of award forms, commendations,
campaign timelines and public consultations on proposed commendations.

Why plain snippets and not pages: a decision list brings hundreds of recipients at once (the
``import_commendations`` command, one transaction); a page per recipient would put hundreds of tree
rows, revisions and URLs on every import for records that are read as a table. Readers reach them
through the honour roll's own views (``honours.views``), editors through Wagtail's snippet admin.

news knows nothing of this app: commendations point at news's campaigns, units (``Organisation``)
and articles, and the app fills the slots news offers (``core.slots``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.text import normalise, unique_slug

from .text import folded_column, word_column

YEARS = [MinValueValidator(1945), MaxValueValidator(2100)]


class Kind(models.TextChoices):
    """Who receives an award; the values are the API's ``kind`` and the public URLs' filter."""

    INDIVIDUAL = "ca-nhan", "Cá nhân"
    COLLECTIVE = "tap-the", "Tập thể"


class AwardKind(models.TextChoices):
    INDIVIDUAL = "ca-nhan", "Cá nhân"
    COLLECTIVE = "tap-the", "Tập thể"
    BOTH = "ca-hai", "Cá nhân và tập thể"


class AwardLevel(models.TextChoices):
    """The authority that confers the form, highest first (Luật Thi đua, khen thưởng 2022)."""

    STATE = "nha-nuoc", "Nhà nước"
    GOVERNMENT = "chinh-phu", "Chính phủ, Thủ tướng Chính phủ"
    MINISTRY = "bo-nganh", "Bộ, ngành, tỉnh"
    GRASSROOTS = "co-so", "Cơ sở"


class AwardForm(models.Model):
    """One form of commendation in the catalogue: "Huân chương Lao động hạng Nhất", "Cờ thi đua của Chính phủ"…"""

    name = models.CharField("tên hình thức", max_length=255, unique=True)
    kind = models.CharField("đối tượng", max_length=8, choices=AwardKind.choices, default=AwardKind.BOTH)
    level = models.CharField("cấp khen thưởng", max_length=10, choices=AwardLevel.choices)
    rank = models.PositiveSmallIntegerField(
        "thứ tự", default=100, help_text="Số nhỏ đứng trước: hình thức cao hơn lên đầu danh sách."
    )
    description = models.TextField("ghi chú", blank=True)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("level"), FieldPanel("rank")]),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = "hình thức khen thưởng"
        verbose_name_plural = "hình thức khen thưởng"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise(" ".join(self.name.split()))
        super().save(*args, **kwargs)

    def allows(self, kind):
        return self.kind == AwardKind.BOTH or self.kind == kind


class Decision(models.Model):
    """A commendation decision: "Quyết định số 453/QĐ-VPCP ngày 12/4/2021 của Văn phòng Chính phủ"."""

    number = models.CharField("số, ký hiệu", max_length=64, unique=True, help_text="Ví dụ: 453/QĐ-VPCP, 1520/QĐ-TTg.")
    slug = models.SlugField("đường dẫn", max_length=80, unique=True, editable=False)
    date = models.DateField("ngày ký")
    issuer = models.CharField("cơ quan ban hành", max_length=255, help_text="Ví dụ: Thủ tướng Chính phủ.")
    signer = models.CharField("người ký", max_length=255, blank=True)
    summary = models.TextField("trích yếu", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="văn bản (bản ký)",
    )
    articles = models.ManyToManyField(
        "news.ArticlePage", blank=True, related_name="+", verbose_name="bài viết liên quan"
    )
    created_at = models.DateTimeField("ngày nhập", default=timezone.now, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("articles"),
    ]

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"

    def __str__(self):
        return f"Quyết định số {self.number}"

    def save(self, *args, **kwargs):
        self.number = " ".join(self.number.split())
        taken = Decision.objects.exclude(pk=self.pk).filter
        self.slug = unique_slug(self.number.replace("/", "-"), lambda slug: taken(slug=slug).exists(), "quyet-dinh", 80)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("honours:decision", args=[self.slug])


class CommendationQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("award", "decision", "unit", "campaign")


class Commendation(models.Model):
    """One recipient of one award by one decision."""

    name = models.CharField("họ tên / tên tập thể", max_length=255)
    kind = models.CharField("đối tượng", max_length=8, choices=Kind.choices)
    position = models.CharField("chức vụ", max_length=255, blank=True)
    unit = models.ForeignKey(
        "news.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
        verbose_name="đơn vị",
    )
    award = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="commendations", verbose_name="hình thức khen thưởng"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="commendations", verbose_name="quyết định"
    )
    campaign = models.ForeignKey(
        "news.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="phong trào",
    )
    year = models.PositiveSmallIntegerField("năm", validators=YEARS, help_text="Năm của thành tích được khen.")
    achievements = models.TextField("thành tích", blank=True)
    articles = models.ManyToManyField("news.ArticlePage", blank=True, related_name="+", verbose_name="bài viết đưa tin")
    # Search columns (``honours.text``), written on save.
    name_words = models.CharField(max_length=300, editable=False, default="")
    name_folded = models.CharField(max_length=300, editable=False, default="")
    unit_words = models.CharField(max_length=300, editable=False, default="")
    unit_folded = models.CharField(max_length=300, editable=False, default="")

    objects = CommendationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("position"), FieldPanel("unit")]),
            ],
            heading="Người / tập thể được khen",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("award"), FieldPanel("decision")]),
                FieldRowPanel([FieldPanel("year"), FieldPanel("campaign")]),
            ],
            heading="Khen thưởng",
        ),
        FieldPanel("achievements"),
        FieldPanel("articles"),
    ]

    class Meta:
        ordering = ["award__rank", "name"]
        verbose_name = "khen thưởng"
        verbose_name_plural = "danh sách khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "award", "kind", "name_words", "unit_words"],
                name="honours_one_award_per_recipient_per_decision",
            )
        ]
        indexes = [models.Index(fields=["year"]), models.Index(fields=["kind", "year"])]

    def __str__(self):
        return f"{self.name} — {self.award}"

    def save(self, *args, **kwargs):
        self.fill_search_columns()
        super().save(*args, **kwargs)

    def clean(self):
        if self.award_id and self.kind and not self.award.allows(self.kind):
            raise ValidationError(
                {"award": f"Hình thức “{self.award}” chỉ dành cho {self.award.get_kind_display().lower()}."}
            )

    def fill_search_columns(self):
        self.name = " ".join(self.name.split())
        self.name_words = word_column(self.name)
        self.name_folded = folded_column(self.name)
        unit_name = self.unit.name if self.unit_id else ""
        self.unit_words = word_column(unit_name)
        self.unit_folded = folded_column(unit_name)


class Stage(models.TextChoices):
    LAUNCH = "phat-dong", "Phát động"
    PLEDGE = "ky-giao-uoc", "Ký kết giao ước thi đua"
    PRELIMINARY = "so-ket", "Sơ kết"
    FINAL = "tong-ket", "Tổng kết"
    COMMENDATION = "khen-thuong", "Khen thưởng"


class TimelineEvent(models.Model):
    """A dated step of a campaign, linked to the story that reported it and the decision it produced."""

    campaign = models.ForeignKey(
        "news.CampaignPage", on_delete=models.CASCADE, related_name="+", verbose_name="phong trào"
    )
    stage = models.CharField("giai đoạn", max_length=12, choices=Stage.choices)
    date = models.DateField("ngày")
    title = models.CharField("nội dung", max_length=255)
    article = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="bài viết"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="quyết định"
    )

    panels = [
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("date")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("article"), FieldPanel("decision")]),
    ]

    class Meta:
        ordering = ["campaign", "date", "id"]
        verbose_name = "mốc phong trào"
        verbose_name_plural = "mốc phong trào"

    def __str__(self):
        return f"{self.get_stage_display()} — {self.title}"


class Consultation(ClusterableModel):
    """Lấy ý kiến nhân dân: proposed recipients put to public comment for a period before they are conferred."""

    title = models.CharField("tiêu đề", max_length=255)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True)
    proposer = models.CharField("cơ quan đề nghị", max_length=255)
    introduction = models.TextField("giới thiệu", blank=True)
    award = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name="hình thức đề nghị")
    campaign = models.ForeignKey(
        "news.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="phong trào",
    )
    opens_at = models.DateTimeField("bắt đầu nhận ý kiến")
    closes_at = models.DateTimeField("hết hạn nhận ý kiến")
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name="quyết định đã ban hành",
        help_text="Khi quyết định được ban hành, các đề nghị trở thành khen thưởng.",
    )
    contact_email = models.EmailField("email nhận ý kiến", blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("proposer"), FieldPanel("award")]),
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("introduction"),
        FieldPanel("contact_email"),
        InlinePanel("proposals", label="người / tập thể được đề nghị", min_num=1),
    ]

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = "lấy ý kiến nhân dân"
        verbose_name_plural = "lấy ý kiến nhân dân"

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Thời hạn kết thúc phải sau thời điểm bắt đầu."})

    def save(self, *args, **kwargs):
        if not self.slug:
            taken = set(Consultation.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.title, taken, "lay-y-kien", 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("honours:consultation", args=[self.slug])

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.decision_id is None and self.opens_at <= now < self.closes_at


class Proposal(Orderable):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="proposals")
    name = models.CharField("họ tên / tên tập thể", max_length=255)
    kind = models.CharField("đối tượng", max_length=8, choices=Kind.choices)
    position = models.CharField("chức vụ", max_length=255, blank=True)
    unit = models.ForeignKey(
        "news.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    year = models.PositiveSmallIntegerField("năm", validators=YEARS)
    achievements = models.TextField("thành tích")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("position"), FieldPanel("unit"), FieldPanel("year")]),
        FieldPanel("achievements"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"

    def __str__(self):
        return self.name


class CommentStatus(models.TextChoices):
    PENDING = "cho-xem-xet", "Chờ xem xét"
    ACCEPTED = "da-tiep-thu", "Đã tiếp thu"
    DISMISSED = "khong-xu-ly", "Không xử lý (trùng, sai chủ đề, spam)"


class ConsultationComment(models.Model):
    """A reader's comment: private to reviewers, never shown on the site."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name="đợt lấy ý kiến"
    )
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name="về người / tập thể",
    )
    name = models.CharField("họ tên", max_length=120)
    contact = models.CharField("điện thoại hoặc email", max_length=160)
    content = models.TextField("nội dung", max_length=5000)
    created_at = models.DateTimeField("thời điểm gửi", default=timezone.now, db_index=True)
    status = models.CharField(
        "tình trạng", max_length=12, choices=CommentStatus.choices, default=CommentStatus.PENDING, db_index=True
    )
    reviewer_note = models.TextField("ghi chú xử lý", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người xử lý",
    )
    reviewed_at = models.DateTimeField("thời điểm xử lý", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ý kiến góp ý"
        verbose_name_plural = "ý kiến góp ý"
        permissions = [("moderate_consultationcomment", "Xem và xử lý ý kiến góp ý")]

    def __str__(self):
        return f"{self.name} — {self.consultation}"
