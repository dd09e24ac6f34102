"""How the read API writes press releases: found by their number (the natural key in the
press room's addresses), with topics, cities, networks and press contacts by name. A press
contact's e-mail and phones are there only for users with the personal-data permission."""

from rest_framework import serializers

from gentintl.api import ReadSerializer, WebUrlField, names
from partnerships.serializers import CitySerializer, ContactSerializer, label
from pressroom.models import PressContact, PressRelease, Quote


class PressContactSerializer(ReadSerializer):
    role_label = label("role")
    contact = ContactSerializer(read_only=True)

    class Meta:
        model = PressContact
        fields = ["position", "role", "role_label", "contact"]


class QuoteSerializer(ReadSerializer):
    class Meta:
        model = Quote
        fields = ["position", "text", "speaker_name", "speaker_function"]


class PressReleaseSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:pressrelease_detail", lookup_field="number"
    )
    web_url = WebUrlField()
    address = serializers.URLField(source="url", read_only=True)
    language_label = label("language")
    topics = names("name", many=True)
    cities = CitySerializer(many=True, read_only=True)
    partnerships = names("city.name", many=True)
    networks = names("name", many=True)
    press_contacts = PressContactSerializer(many=True, read_only=True)

    class Meta:
        model = PressRelease
        fields = [
            "number",
            "url",
            "web_url",
            "address",
            "slug",
            "title",
            "lead",
            "published_on",
            "language",
            "language_label",
            "topics",
            "cities",
            "partnerships",
            "networks",
            "press_contacts",
            "updated_at",
        ]


class PressReleaseDetailSerializer(PressReleaseSerializer):
    """A release with its body, quotes and related news, as its page shows it."""

    quotes = QuoteSerializer(many=True, read_only=True)
    related_news = names("item.title", many=True)

    class Meta(PressReleaseSerializer.Meta):
        fields = [*PressReleaseSerializer.Meta.fields, "body", "quotes", "related_news"]
