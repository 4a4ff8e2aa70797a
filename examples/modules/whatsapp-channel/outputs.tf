output "project_id" {
  description = "The Sinch project the channel lives in."
  value       = sinch_whatsapp_sender.this.project_id
}

output "sender_id" {
  description = "The WhatsApp sender's ID."
  value       = sinch_whatsapp_sender.this.id
}

output "conversation_api_app_id" {
  description = "The Conversation API app the sender is connected to: send messages through it."
  value       = sinch_whatsapp_sender.this.conversation_api_app_id
}

output "templates" {
  description = "Template names and language, by purpose. (Not their review state: it changes with every verdict of Meta, which would make every plan show output changes.)"
  value = {
    for purpose, t in {
      order_update = sinch_whatsapp_template.order_update
      login_code   = sinch_whatsapp_template.login_code
    } : purpose => { name = t.name, language = t.language }
  }
}

output "webhook_id" {
  description = "The webhook's ID."
  value       = sinch_webhook.events.id
}
