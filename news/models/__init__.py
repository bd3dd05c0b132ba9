from .pages import (  # noqa: F401
    ArticlePage,
    ArticlePageTag,
    CampaignIndexPage,
    CampaignPage,
    HomeFeaturedArticle,
    HomePage,
)
from .snippets import Author, BlocLeader, BlocMember, EmulationBloc, Organisation  # noqa: F401
