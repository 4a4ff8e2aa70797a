"""Every resource and data source of the provider (handed to it by `resources.main`)."""

from resources.bundle import Bundle, Bundles
from resources.conversation import (
    ConversationInstagram,
    ConversationMessenger,
    ConversationTelegram,
    ConversationViber,
)
from resources.kakaotalk_catalog import (
    KakaotalkSenderCategories,
    KakaotalkSenders,
    KakaotalkTemplateCategories,
    KakaotalkTemplates,
)
from resources.kakaotalk_sender import KakaotalkSender
from resources.kakaotalk_template import KakaotalkTemplate
from resources.rcs_catalog import RcsAccountActivities, RcsQuestionnaire, RcsSenderActivities, RcsSenders
from resources.rcs_sender import RcsSender
from resources.rcs_test_number import RcsTestNumber
from resources.webhook import Webhook, Webhooks
from resources.whatsapp_account import WhatsappAccount, WhatsappAccountData
from resources.whatsapp_activities import (
    WhatsappAccountActivities,
    WhatsappSenderActivities,
    WhatsappTemplateActivities,
)
from resources.whatsapp_catalog import WhatsappFlows, WhatsappSolutions
from resources.whatsapp_comment import WhatsappComment
from resources.whatsapp_sender import WhatsappSender, WhatsappSenderData, WhatsappSenders
from resources.whatsapp_solution import WhatsappSolution
from resources.whatsapp_template import WhatsappTemplate, WhatsappTemplateData, WhatsappTemplates
from resources.whatsapp_template_analytics import WhatsappTemplateAnalytics

RESOURCES = (
    Webhook,
    WhatsappSender,
    WhatsappAccount,
    WhatsappTemplate,
    WhatsappSolution,
    WhatsappTemplateAnalytics,
    Bundle,
    WhatsappComment,
    KakaotalkSender,
    KakaotalkTemplate,
    RcsSender,
    RcsTestNumber,
)
DATA_SOURCES = (
    Webhooks,
    WhatsappSenderData,
    WhatsappSenders,
    WhatsappAccountData,
    WhatsappFlows,
    WhatsappSolutions,
    WhatsappTemplateData,
    WhatsappTemplates,
    ConversationInstagram,
    ConversationMessenger,
    ConversationTelegram,
    ConversationViber,
    WhatsappAccountActivities,
    WhatsappSenderActivities,
    WhatsappTemplateActivities,
    Bundles,
    KakaotalkSenderCategories,
    KakaotalkTemplateCategories,
    KakaotalkSenders,
    KakaotalkTemplates,
    RcsQuestionnaire,
    RcsSenders,
    RcsSenderActivities,
    RcsAccountActivities,
)
