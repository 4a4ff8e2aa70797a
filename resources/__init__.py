"""Every resource and data source of the provider, one module per API resource."""

from resources.webhook import Webhook, Webhooks

RESOURCES = (Webhook,)
DATA_SOURCES = (Webhooks,)
