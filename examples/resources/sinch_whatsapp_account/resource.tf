# The project's WhatsApp account, onboarded partner-initiated. Create waits until Meta has ONBOARDED it.
resource "sinch_whatsapp_account" "main" {
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  business_manager           = "SINCH_UK"
  display_name               = "Example Shoes"
  business_category          = "SHOPPING_AND_RETAIL"
  region                     = "EU"
  meta_local_storage         = "DE"
}
