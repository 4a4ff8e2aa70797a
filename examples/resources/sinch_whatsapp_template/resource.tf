# A text template with a header variable, a URL button with a dynamic suffix and a phone button.
resource "sinch_whatsapp_template" "order_update" {
  name     = "order_update"
  language = "EN_US"
  category = "UTILITY"

  header = { format = "TEXT", text = "Order {{1}}", example = "12345" }
  body = {
    text     = "Hi {{1}}, your order {{2}} will arrive by {{3}}."
    examples = ["John", "12345", "Friday"]
  }
  footer = { text = "Thanks for shopping with us" }
  buttons = [
    { type = "URL", text = "Track", url = "https://shop.example.com/t?id={{1}}", example = "https://shop.example.com/t?id=12345" },
    { type = "PHONE_NUMBER", text = "Call us", phone_number = "+48 777 777777" },
  ]

  # Meta reviews a template in minutes to a day: wait here for its verdict (a rejection fails the apply).
  wait_for_state = "APPROVED"
  timeouts {
    create = "30m"
  }
}

# A marketing template with an image header, a limited-time offer and a copy-code button.
resource "sinch_whatsapp_template" "summer_sale" {
  name     = "summer_sale"
  language = "EN_US"
  category = "MARKETING"

  header             = { format = "IMAGE", example_url = "https://cdn.example.com/summer.jpg" }
  limited_time_offer = { text = "Summer sale" }
  body               = { text = "Save {{1}}% on everything until Sunday.", examples = ["20"] }
  buttons = [
    { type = "QUICK_REPLY", text = "Interested" },
    { type = "COPY_CODE", example = "SUMMER20" },
  ]
  message_send_ttl_seconds = 86400
}

# An authentication template: Meta writes the body and footer texts; this configures only their options.
resource "sinch_whatsapp_template" "login_code" {
  name     = "login_code"
  language = "EN_US"
  category = "AUTHENTICATION"

  body   = { add_security_recommendation = true }
  footer = { code_expiration_minutes = 10 }
  buttons = [
    { type = "OTP", otp_type = "COPY_CODE", text = "Copy code" },
  ]
  message_send_ttl_seconds = 600
}

# A carousel: every card has the same components (an image header, a body, the same kinds of buttons).
resource "sinch_whatsapp_template" "summer_collection" {
  name     = "summer_collection"
  language = "EN_US"
  category = "MARKETING"

  body = { text = "Our summer collection, {{1}}!", examples = ["Anna"] }
  carousel = [for item in ["sandals", "sneakers"] : {
    header = { format = "IMAGE", example_url = "https://cdn.example.com/${item}.jpg" }
    body   = { text = "${title(item)}: {{1}} off", examples = ["20%"] }
    buttons = [
      { type = "URL", text = "Buy", url = "https://shop.example.com/p/{{1}}", example = "https://shop.example.com/p/${item}" },
      { type = "QUICK_REPLY", text = "More like this" },
    ]
  }]
}
