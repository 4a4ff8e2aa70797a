# The Facebook page behind a Conversation API app's Messenger channel.
data "sinch_conversation_messenger" "support" {
  conversation_app_id = "01EB37HMH1M6SV18ASNS3G135H"
}

output "messenger_page" {
  value = data.sinch_conversation_messenger.support.name
}
