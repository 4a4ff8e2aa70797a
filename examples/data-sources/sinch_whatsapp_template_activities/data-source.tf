# Why was the template rejected? Its activity trail, most recent first (every page).
data "sinch_whatsapp_template_activities" "order_update" {
  name     = "order_update"
  language = "EN_US"
}

output "last_rejection_reason" {
  value = try([for a in data.sinch_whatsapp_template_activities.order_update.activities : a.comment if a.type == "REJECTED"][0], null)
}
