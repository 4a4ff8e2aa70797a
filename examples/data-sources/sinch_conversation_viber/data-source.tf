# The Viber bot account of a Conversation API app, in another project than the provider's default.
data "sinch_conversation_viber" "support" {
  project_id          = "0f2b7f3c-5ad8-4f53-9c0e-8d3a1a3c9b71"
  conversation_app_id = "01EB37HMH1M6SV18ASNS3G135H"
}

output "viber_subscribers" {
  value = data.sinch_conversation_viber.support.subscribers_count
}
