"""RSS 2.0 feeds (Django syndication): whole column, per campaign, per tag."""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from .models import ArticlePageTag
from .queries import article_listing

FEED_SIZE = 30


class VietnameseRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}


class ArticleFeed(Feed):
    feed_type = VietnameseRssFeed
    language = "vi"
    description = "Tin về các phong trào thi đua, khối thi đua và công tác khen thưởng."
    link = "/"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def site_name(self):
        from core.models import PortalSettings

        return PortalSettings.for_request(self.request).site_name

    def title(self, obj):
        return f"{self.site_name()}: tin mới nhất"

    def base_items(self, obj):
        # No renditions: a feed shows no pictures, and every rendition of every card image
        # (300-odd rows for 30 items) was most of its time.
        return article_listing(byline=True, renditions=False)

    def items(self, obj=None):
        return self.base_items(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo or item.search_description

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"thidua-article-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at or item.published_at)

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        categories = [tag.name for tag in item.tags.all()]
        if item.campaign:
            categories.insert(0, item.campaign.title)
        return categories


class CampaignFeed(ArticleFeed):
    def get_object(self, request, campaign):
        return campaign

    def title(self, obj):
        return f"{obj.title} – {self.site_name()}"

    def description(self, obj):
        return obj.slogan or obj.search_description or self.__class__.__mro__[1].description

    def link(self, obj):
        return obj.get_url(request=self.request)

    def base_items(self, obj):
        return article_listing(byline=True, renditions=False).filter(campaign=obj)


class TagFeed(ArticleFeed):
    def get_object(self, request, tag, link):
        self.tag_link = link
        return tag

    def title(self, obj):
        return f"Chủ đề “{obj.name}” – {self.site_name()}"

    def link(self, obj):
        return self.tag_link

    def base_items(self, obj):
        return article_listing(byline=True, renditions=False).filter(
            Exists(ArticlePageTag.objects.filter(content_object_id=OuterRef("pk"), tag=obj))
        )
