# The project's WhatsApp account: its reviews, rejections (with the reason) and comments, most recent first.
data "sinch_whatsapp_account_activities" "this" {}

output "account_latest_activity" {
  value = data.sinch_whatsapp_account_activities.this.activities[0]
}
