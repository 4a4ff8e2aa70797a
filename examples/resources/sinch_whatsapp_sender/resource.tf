# Embedded signup: the customer connected their number through Meta's Embedded Signup. Create waits until
# the sender is ACTIVE; the profile fields are then submitted for review as a change set. (A project's
# WhatsApp account is either embedded-signup or partner-initiated: this one lives in a project of its own.)
resource "sinch_whatsapp_sender" "support" {
  project_id       = "support-project"
  waba_id          = "102290129340398"
  phone_number_id  = "105954558954427"
  region           = "EU"
  business_manager = "SINCH_UK"

  about    = "Support for Example Shoes, 9:00 to 17:00 CET"
  websites = ["https://shoes.example.com", "https://shoes.example.com/help"]
}

# Partner-initiated and phone provisioning need the project's ONBOARDED WhatsApp account. Created in the same
# configuration, it is referenced as project_id: Terraform then creates the senders once it is ONBOARDED.
resource "sinch_whatsapp_account" "main" {
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  display_name               = "Example Shoes"
  business_category          = "SHOPPING_AND_RETAIL"
}

# Partner-initiated: the first apply stops at PENDING_VERIFICATION and has a code sent by SMS; put it in
# verification_code and apply again.
variable "verification_code" {
  type      = string
  sensitive = true
  default   = null
}

resource "sinch_whatsapp_sender" "sales" {
  project_id            = sinch_whatsapp_account.main.id
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
  project_id   = sinch_whatsapp_account.main.id
  country_code = "1"
  phone_number = "2025550123"
  display_name = "Example Shoes Alerts"
  timeouts {
    create = "30m"
  }
}
