# A module as a team would write it: webhooks for an alerting endpoint, and the project's full list.
terraform {
  required_providers {
    sinch = { source = "sinch/sinch" }
  }
}

variable "endpoint" {
  type    = string
  default = "https://alerts.example.com/sinch"
}

resource "sinch_webhook" "alerts" {
  target   = "${var.endpoint}/senders"
  secret   = "module-secret-0123456789"
  triggers = ["WHATSAPP_SENDER_ERROR", "WHATSAPP_SENDER_INACTIVE"]
}

resource "sinch_webhook" "bundles" {
  target   = "${var.endpoint}/bundles"
  secret   = "module-secret-0123456789"
  triggers = ["BUNDLE_DONE"]
}

data "sinch_webhooks" "all" {
  depends_on = [sinch_webhook.alerts, sinch_webhook.bundles]
}

output "targets" {
  value = [for w in data.sinch_webhooks.all.webhooks : w.target]
}
