# One WhatsApp channel of a Sinch project: the sender, the templates every team needs, and the webhook that
# tells the channel's owners about reviews and incidents.

resource "sinch_whatsapp_sender" "this" {
  project_id          = var.project_id
  waba_id             = var.sender.waba_id
  phone_number_id     = var.sender.phone_number_id
  authentication_code = var.authentication_code
  region              = var.sender.region
  business_manager    = var.sender.business_manager
  about               = var.sender.about
  websites            = var.sender.websites
}

# Templates need the project's WhatsApp account, which the Embedded Signup sender brings: taking the sender's
# project_id makes Terraform create them after it.
resource "sinch_whatsapp_template" "order_update" {
  project_id = sinch_whatsapp_sender.this.project_id
  name       = "${var.template_prefix}order_update"
  language   = var.language
  category   = "UTILITY"

  header = { format = "TEXT", text = "Order {{1}}", example = "12345" }
  body = {
    text     = "Hi {{1}}, your order {{2}} is on its way."
    examples = ["Anna", "12345"]
  }
  footer = { text = var.brand }
  buttons = [
    { type = "URL", text = "Track", url = "${var.tracking_url}{{1}}", example = "${var.tracking_url}12345" },
  ]
}

resource "sinch_whatsapp_template" "login_code" {
  project_id = sinch_whatsapp_sender.this.project_id
  name       = "${var.template_prefix}login_code"
  language   = var.language
  category   = "AUTHENTICATION"

  body                     = { add_security_recommendation = true }
  footer                   = { code_expiration_minutes = 10 }
  buttons                  = [{ type = "OTP", otp_type = "COPY_CODE", text = "Copy code" }]
  message_send_ttl_seconds = 600
}

resource "sinch_webhook" "events" {
  project_id = var.project_id
  target     = var.callback_url
  secret     = var.webhook_secret
  triggers = [
    "WHATSAPP_SENDER_ACTIVE", "WHATSAPP_SENDER_ERROR", "WHATSAPP_SENDER_INACTIVE",
    "WHATSAPP_SENDER_QUALITY_RATING_CHANGED",
    "WHATSAPP_TEMPLATE_APPROVED", "WHATSAPP_TEMPLATE_REJECTED", "WHATSAPP_TEMPLATE_STATUS_UPDATED",
  ]
}
