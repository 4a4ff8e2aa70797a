# The Telegram bot of a Conversation API app; fail the plan when the channel is not healthy.
data "sinch_conversation_telegram" "support" {
  conversation_app_id = "01EB37HMH1M6SV18ASNS3G135H"

  lifecycle {
    postcondition {
      condition     = self.status == "ACTIVE"
      error_message = "The Telegram channel is ${self.status}: ${coalesce(self.status_description, "no reason given")}"
    }
  }
}

output "telegram_bot" {
  value = "@${data.sinch_conversation_telegram.support.username}"
}
