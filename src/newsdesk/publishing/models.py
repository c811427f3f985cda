"""Articles, their authors and topics, old slugs and revisions."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("author", args=[self.slug])


class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topic", args=[self.slug])


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        """The one visibility rule: what readers, feeds, sitemaps and APIs may see."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self) -> ArticleQuerySet:
        """What a card in a list needs, without the (possibly huge) body columns."""
        return (
            self.defer("body", "body_html", "toc")
            .prefetch_related("authors", "topics")
            .order_by("-published_at", "-id")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=False)
    dek = models.CharField("dek", max_length=400, blank=True, help_text="One line under the title.")
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_minutes = models.PositiveIntegerField(default=1, editable=False)

    authors: models.ManyToManyField[Author, ArticleAuthor] = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went live, or when it is scheduled to."
    )
    content_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    featured = models.BooleanField(default=False)
    email_on_publish = models.BooleanField(
        "email to “Every new analysis”",
        default=False,
        help_text="Send it once to the subscribers of “Every new analysis” when it goes live.",
    )

    seo_title = models.CharField("SEO title", max_length=300, blank=True)
    seo_description = models.CharField("SEO description", max_length=500, blank=True)
    canonical_url = models.URLField(blank=True, help_text="Only when the original lives elsewhere.")

    hero_image = models.ImageField(upload_to="heroes/%Y/%m/", blank=True)
    hero_alt = models.CharField("hero image alt text", max_length=300, blank=True)
    hero_renditions = models.JSONField(default=list, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ArticleQuerySet] = ArticleQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_listing")]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.slug])

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    @property
    def meta_description(self) -> str:
        return self.seo_description or self.dek

    def byline_authors(self) -> list[Author]:
        # Ordered by the through model's position; prefetched lists keep that order.
        return list(self.authors.all())


class ArticlePage(models.Model):
    """The article page's stable parts, rendered once and read back with the article row.

    ``version`` goes up with every change to what the parts show (publishing.pagestore); the
    parts are current while ``rendered_version`` equals it and ``build`` matches the code and
    settings that render them.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="page"
    )
    version = models.PositiveIntegerField(default=1)
    rendered_version = models.PositiveIntegerField(default=0)
    build = models.CharField(max_length=32, blank=True)
    head = models.TextField(blank=True)
    main = models.TextField(blank=True)
    sections = models.TextField(blank=True)  # what the knowledge layer found
    topics = models.JSONField(default=list, blank=True)  # [[id, name, slug]], in page order

    def __str__(self) -> str:
        return f"page of {self.article_id} v{self.version}"


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.article_id}"


class SlugRedirect(models.Model):
    """An old slug of an article, answered with a 301 to the current one."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.old_slug


class Revision(models.Model):
    """A snapshot of an article's editable content, taken on every save from the desk."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(max_length=300)
    dek = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.created_at:%Y-%m-%d %H:%M}"

    def as_fields(self) -> dict[str, Any]:
        return {"title": self.title, "dek": self.dek, "body": self.body, **self.extra}
