# Quickstart: provisioning webhooks for one Sinch project.
# `make demo` runs this against the local emulator; against Sinch, set SINCH_KEY_ID, SINCH_KEY_SECRET
# and SINCH_PROJECT_ID and run `terraform init && terraform apply`.
terraform {
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

variable "callback_base_url" {
  type    = string
  default = "https://hooks.example.com/sinch"
}

variable "webhook_secret" {
  type      = string
  sensitive = true
  default   = "change-me-to-a-long-random-string"
}

locals {
  # one webhook per team, each with the events it cares about
  webhooks = {
    templates = ["WHATSAPP_TEMPLATE_APPROVED", "WHATSAPP_TEMPLATE_REJECTED", "WHATSAPP_TEMPLATE_STATUS_UPDATED"]
    senders   = ["WHATSAPP_SENDER_ACTIVE", "WHATSAPP_SENDER_ERROR", "WHATSAPP_SENDER_QUALITY_RATING_CHANGED"]
    bundles   = ["BUNDLE_DONE"]
  }
}

resource "sinch_webhook" "team" {
  for_each = local.webhooks

  target   = "${var.callback_base_url}/${each.key}"
  secret   = var.webhook_secret
  triggers = each.value
}

data "sinch_webhooks" "all" {
  depends_on = [sinch_webhook.team]
}

output "webhook_ids" {
  value = { for name, w in sinch_webhook.team : name => w.id }
}

output "project_webhook_count" {
  value = length(data.sinch_webhooks.all.webhooks)
}
