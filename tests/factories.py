"""factory_boy factories for the column's pages and snippets."""

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.images import get_image_model

from core.text import slugify
from news.models import ArticlePage, Author, CampaignPage, EmulationBloc, Organisation


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Ảnh thử {n}")
    credit = "VGP/Hoàng Giang"


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Phóng viên {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Đơn vị {n}")


class EmulationBlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmulationBloc

    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Phong trào thi đua {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    launching_body = "Văn phòng Chính phủ"
    decision_reference = "Quyết định số 453/QĐ-VPCP"
    start_date = dt.date(2021, 3, 15)


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị tổng kết thi đua số {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    dateline = "Hà Nội"
    source = "Chinhphu.vn"
    sapo = "Các đơn vị ký cam kết hoàn thành chỉ tiêu thi đua năm."
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if extracted:
            self.authors.set(extracted)
            if create:
                self.save()


def photo_block(image, caption="Quang cảnh hội nghị", credit=""):
    return {"type": "photo", "value": {"image": image.pk, "caption": caption, "credit": credit}}


def paragraph_block(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}
