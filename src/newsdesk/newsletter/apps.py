from __future__ import annotations

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsdesk.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self) -> None:
        from newsdesk.newsletter import conf

        conf.load()  # a bad NEWSDESK_EMAIL_* value stops start-up with one line
