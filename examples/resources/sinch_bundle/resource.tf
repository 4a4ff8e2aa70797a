variable "webhook_secret" {
  type      = string
  sensitive = true
}

# One work order: a subproject for the team, with an SMS app, a Conversation API app and a provisioning webhook
# in it. Apply waits until Sinch reports the bundle DONE.
resource "sinch_bundle" "team_a" {
  name       = "Team A"
  region     = "EU"
  subproject = { labels = { team = "a" } }
  sms_app    = {}
  conv_app = {
    processing_mode  = "CONVERSATION"
    retention_policy = { type = "CONVERSATION_EXPIRE_POLICY", ttl = 90 }
    webhooks = [{
      target   = "https://hooks.example.com/conversation"
      secret   = var.webhook_secret
      triggers = ["MESSAGE_INBOUND", "MESSAGE_DELIVERY"]
    }]
  }
  webhooks = [{
    target   = "https://hooks.example.com/sinch/provisioning"
    secret   = var.webhook_secret
    triggers = ["ALL"]
  }]

  timeouts {
    create = "30m"
  }
}

# What the bundle created, for other resources: e.g. templates and webhooks in the new subproject.
resource "sinch_webhook" "senders" {
  project_id = sinch_bundle.team_a.resources_project_id
  target     = "https://hooks.example.com/sinch/senders"
  secret     = var.webhook_secret
  triggers   = ["WHATSAPP_SENDER_ACTIVE"]
}

output "conversation_app_id" {
  value = sinch_bundle.team_a.conversation_app_id
}
