# Embedded signup: the customer connected their number through Meta's Embedded Signup. Create waits until
# the sender is ACTIVE; the profile fields are then submitted for review as a change set.
resource "sinch_whatsapp_sender" "support" {
  waba_id          = "102290129340398"
  phone_number_id  = "105954558954427"
  region           = "EU"
  business_manager = "SINCH_UK"

  about    = "Support for Example Shoes, 9:00 to 17:00 CET"
  websites = ["https://shoes.example.com", "https://shoes.example.com/help"]
}

# Partner-initiated: needs the project's WhatsApp account (sinch_whatsapp_account). The first apply stops at
# PENDING_VERIFICATION and has a code sent by SMS; put it in verification_code and apply again.
variable "verification_code" {
  type      = string
  sensitive = true
  default   = null
}

resource "sinch_whatsapp_sender" "sales" {
  phone_number_provider = "CUSTOMER"
  country_code          = "48"
  phone_number          = "500600700"
  display_name          = "Example Shoes Sales"
  vertical              = "SHOPPING_AND_RETAIL"
  email                 = "sales@shoes.example.com"
  verification_code     = var.verification_code
}

# Phone provisioning: a number and a display name; verification as above.
resource "sinch_whatsapp_sender" "alerts" {
  country_code   = "1"
  phone_number   = "2025550123"
  display_name   = "Example Shoes Alerts"
  create_timeout = "30m"
}
