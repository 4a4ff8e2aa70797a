output "sender_state" {
  description = "VERIFYING after the first apply, ACTIVE once verified."
  value       = sinch_kakaotalk_sender.channel.state
}

output "template_codes" {
  description = "The codes Sinch assigned to the templates (used when sending)."
  value = {
    order_shipped = sinch_kakaotalk_template.order_shipped.id
    login_code    = sinch_kakaotalk_template.login_code.id
  }
}
