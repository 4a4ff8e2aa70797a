# Every sender of the project (all pages)...
data "sinch_whatsapp_senders" "all" {}

# ...or only some: senders in trouble.
data "sinch_whatsapp_senders" "in_trouble" {
  states = ["ERROR", "SUSPENDED", "INACTIVE"]
}

output "sender_numbers" {
  value = { for s in data.sinch_whatsapp_senders.all.senders : s.id => "+${s.country_code} ${s.phone_number}" }
}

# Each sender's bearer_token is sensitive: an output of whole sender objects must say so.
output "senders" {
  value     = data.sinch_whatsapp_senders.all.senders
  sensitive = true
}
