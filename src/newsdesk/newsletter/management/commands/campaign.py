from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.newsletter import campaigns
from newsdesk.newsletter.models import Campaign, Newsletter
from newsdesk.publishing.models import Article


class Command(BaseCommand):
    help = "Newsletter campaigns: send an article, see a campaign's status, pause, resume, cancel."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        send = actions.add_parser("send", help="queue an article for sending; prints the id")
        send.add_argument("--article", required=True, metavar="SLUG")
        send.add_argument(
            "--newsletter", metavar="SLUG", help="default: the “every new analysis” newsletter"
        )
        status = actions.add_parser("status", help="a campaign's progress")
        status.add_argument("id", type=int)
        status.add_argument("--json", action="store_true")
        for name in ("pause", "resume", "cancel"):
            actions.add_parser(name, help=f"{name} a campaign").add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "send":
            self._send(options["article"], options["newsletter"])
            return
        campaign = Campaign.objects.filter(pk=options["id"]).first()
        if campaign is None:
            raise CommandError(f"no campaign with id {options['id']}")
        if action == "status":
            self._status(campaign, as_json=options["json"])
            return
        move = {
            "pause": campaigns.campaign_pause,
            "resume": campaigns.campaign_resume,
            "cancel": campaigns.campaign_cancel,
        }[action]
        try:
            campaign = move(campaign=campaign)
        except campaigns.CampaignError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"campaign {campaign.pk} is {campaign.state}")

    def _send(self, slug: str, newsletter_slug: str | None) -> None:
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            raise CommandError(f"--article: no published article with the slug {slug!r}")
        newsletters = Newsletter.objects.active()
        newsletter = (
            newsletters.filter(slug=newsletter_slug).first()
            if newsletter_slug
            else newsletters.filter(new_articles=True).first() or newsletters.first()
        )
        if newsletter is None:
            raise CommandError(
                f"--newsletter: no active newsletter {newsletter_slug!r}"
                if newsletter_slug
                else "no active newsletter: create one in the desk first"
            )
        try:
            campaign = campaigns.campaign_create(newsletter=newsletter, article=article)
            campaigns.campaign_schedule(campaign=campaign)
        except campaigns.CampaignError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(campaign.pk))

    def _status(self, campaign: Campaign, *, as_json: bool) -> None:
        status = campaigns.campaign_status(campaign)
        if as_json:
            self.stdout.write(json.dumps(status))
            return
        self.stdout.write(
            "campaign {id}: {state}, {sent} of {total} sent, {failed} failed, "
            "{bounced} bounced".format(**status)
        )
