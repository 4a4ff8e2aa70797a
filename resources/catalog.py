"""Every resource and data source of the provider (handed to it by `resources.main`)."""

from resources.bundle import Bundle, Bundles
from resources.webhook import Webhook, Webhooks
from resources.whatsapp_account import WhatsappAccount, WhatsappAccountData
from resources.whatsapp_catalog import WhatsappFlows, WhatsappSolutions
from resources.whatsapp_sender import WhatsappSender, WhatsappSenderData, WhatsappSenders
from resources.whatsapp_template import WhatsappTemplate, WhatsappTemplateData, WhatsappTemplates

RESOURCES = (Webhook, WhatsappSender, WhatsappAccount, WhatsappTemplate, Bundle)
DATA_SOURCES = (
    Webhooks,
    WhatsappSenderData,
    WhatsappSenders,
    WhatsappAccountData,
    WhatsappFlows,
    WhatsappSolutions,
    WhatsappTemplateData,
    WhatsappTemplates,
    Bundles,
)
