resource "sinch_whatsapp_account" "main" {
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  display_name               = "Example Shoes"
  business_category          = "SHOPPING_AND_RETAIL"
}

# Meta template analytics for the account's WABA, enabled once Meta has ONBOARDED the account.
resource "sinch_whatsapp_template_analytics" "this" {
  project_id = sinch_whatsapp_account.main.id
}
