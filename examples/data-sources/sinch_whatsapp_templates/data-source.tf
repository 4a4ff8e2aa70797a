# Every template of the project (all pages, alphabetical)...
data "sinch_whatsapp_templates" "all" {}

# ...or only those Meta rejected, or the languages of one name.
data "sinch_whatsapp_templates" "rejected" {
  states = ["REJECTED"]
}

data "sinch_whatsapp_templates" "order_update" {
  name = "order_update"
}

output "rejected" {
  value = { for t in data.sinch_whatsapp_templates.rejected.templates : "${t.name}/${t.language}" => t.rejection_code }
}
