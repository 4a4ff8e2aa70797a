# The Instagram account connected to a Conversation API app (the app ID: Sinch dashboard, Conversation API, Apps).
data "sinch_conversation_instagram" "support" {
  conversation_app_id = "01EB37HMH1M6SV18ASNS3G135H"
}

output "instagram_account" {
  value = "@${data.sinch_conversation_instagram.support.username} (${data.sinch_conversation_instagram.support.status})"
}
