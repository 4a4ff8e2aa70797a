# One module, two Sinch projects: the EMEA brand's project through a provider alias, the Americas brand's
# project through the module's project_id input on the default provider. See README.md.
terraform {
  required_version = ">= 1.5"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

# The default configuration: credentials from SINCH_KEY_ID / SINCH_KEY_SECRET; its project (SINCH_PROJECT_ID,
# if set) is not used here, since the Americas module names its project itself.
provider "sinch" {}

# A configuration pinned to the EMEA project. An access key works for the projects of its account: give this
# one its own key_id and key_secret if EMEA is in another account.
provider "sinch" {
  alias      = "emea"
  project_id = var.emea_project_id
}

variable "emea_project_id" {
  type        = string
  description = "Sinch project of the EMEA brand."
}

variable "americas_project_id" {
  type        = string
  description = "Sinch project of the Americas brand."
}

variable "webhook_secret" {
  type        = string
  description = "Secret Sinch signs the callbacks with (one per environment, from your secret store)."
  sensitive   = true
}

# 1. Through a provider alias: every object of the module goes to the alias's project.
module "emea" {
  source    = "../modules/whatsapp-channel"
  providers = { sinch = sinch.emea }

  brand = "Example Shoes Europe"
  sender = {
    waba_id         = "102290129340398"
    phone_number_id = "105954558954427"
    region          = "EU"
    about           = "Orders and support, 9:00 to 17:00 CET"
  }
  language       = "EN_GB"
  tracking_url   = "https://shoes.example.eu/track?id="
  callback_url   = "https://hooks.example.eu/sinch/whatsapp"
  webhook_secret = var.webhook_secret
}

# 2. Through the module's project_id input: the default provider, every resource given the project.
module "americas" {
  source     = "../modules/whatsapp-channel"
  project_id = var.americas_project_id

  brand = "Example Shoes Americas"
  sender = {
    waba_id          = "203390129340398"
    phone_number_id  = "205954558954427"
    region           = "US"
    business_manager = "SINCH_MX"
    websites         = ["https://shoes.example.com"]
  }
  language       = "EN_US"
  tracking_url   = "https://shoes.example.com/track?id="
  callback_url   = "https://hooks.example.com/sinch/whatsapp"
  webhook_secret = var.webhook_secret
}

output "channels" {
  description = "Each channel's project, sender, Conversation API app, templates and webhook."
  value       = { emea = module.emea, americas = module.americas }
}
