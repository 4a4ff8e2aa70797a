data "sinch_whatsapp_template" "order_update" {
  name     = "order_update"
  language = "EN_US"
}

output "order_update_state" {
  value = data.sinch_whatsapp_template.order_update.state
}
