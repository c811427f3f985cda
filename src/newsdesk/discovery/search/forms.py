from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from newsdesk.discovery.search.backends import Filters
from newsdesk.discovery.search.query import MAX_QUERY_CHARS
from newsdesk.knowledge.models import Entity
from newsdesk.publishing.models import Author, Topic


class SearchForm(forms.Form):
    """The query string of /search/. A bad filter is reported beside the form and ignored."""

    q = forms.CharField(required=False, strip=True, label="Search for")
    topic = forms.SlugField(required=False)
    author = forms.SlugField(required=False)
    entity = forms.SlugField(required=False, max_length=200)
    start = forms.DateField(required=False, label="From", input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, label="To", input_formats=["%Y-%m-%d"])

    def __init__(self, data: dict[str, str]) -> None:
        # The URL says from/to; those are Python keywords, hence the field names.
        renamed = dict(data)
        for url_name, field in (("from", "start"), ("to", "end")):
            if url_name in data:
                renamed[field] = data[url_name]
        super().__init__(renamed)
        self.fields["q"].widget.attrs.update(maxlength=str(MAX_QUERY_CHARS * 4), type="search")

    def clean_topic(self) -> Topic | None:
        slug = self.cleaned_data.get("topic")
        if not slug:
            return None
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise forms.ValidationError("There is no such topic; showing all topics.")
        return topic

    def clean_author(self) -> Author | None:
        slug = self.cleaned_data.get("author")
        if not slug:
            return None
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            raise forms.ValidationError("There is no such author; showing all authors.")
        return author

    def clean_entity(self) -> Entity | None:
        slug = self.cleaned_data.get("entity")
        if not slug:
            return None
        entity = Entity.objects.filter(slug=slug).select_related("merged_into").first()
        if entity is None:
            raise forms.ValidationError("There is no such person, organization or place.")
        # A merged entity's old links keep working: they filter by the one it became.
        return entity.merged_into or entity

    def filters(self) -> Filters:
        """The filters that are valid; the invalid ones have an error to show instead."""
        data = self.cleaned_data
        topic, author, entity = data.get("topic"), data.get("author"), data.get("entity")
        start, end = data.get("start"), data.get("end")
        return Filters(
            topic_id=topic.pk if topic else None,
            author_id=author.pk if author else None,
            entity_id=entity.pk if entity else None,
            start=_midnight(start) if start else None,
            end=_midnight(end + timedelta(days=1)) if end and end < date.max else None,
        )


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
