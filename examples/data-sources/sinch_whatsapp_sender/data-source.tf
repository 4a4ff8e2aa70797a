data "sinch_whatsapp_sender" "support" {
  id = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
}

output "support_sender" {
  value = "${data.sinch_whatsapp_sender.support.display_name}: +${data.sinch_whatsapp_sender.support.country_code} ${data.sinch_whatsapp_sender.support.phone_number} (${data.sinch_whatsapp_sender.support.state})"
}
