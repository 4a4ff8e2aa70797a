# An RCS sender: the first apply creates it as a DRAFT; setting launch = true (here, or in a later apply) launches it
# once every requirement is met, and apply waits until it is LAUNCHED.
resource "sinch_rcs_sender" "shop" {
  region           = "EU"
  billing_category = "CONVERSATIONAL"
  use_case         = "PROMOTIONAL"
  countries        = ["FR", "SE"]

  brand = {
    name                 = "Example Shop"
    description          = "Orders and offers from Example Shop"
    color                = "#0A3D62"
    emails               = [{ label = "Support", address = "support@example.com" }]
    phones               = [{ label = "Support", number = "+33777777777" }]
    websites             = [{ label = "Shop", url = "https://shop.example.com" }]
    banner_url           = "https://cdn.example.com/rcs/banner.png"
    logo_url             = "https://cdn.example.com/rcs/logo.png"
    privacy_policy_url   = "https://shop.example.com/privacy"
    terms_of_service_url = "https://shop.example.com/terms"
  }

  questionnaire = {
    general = {
      opt_in_description       = "Customers opt in when they create an account."
      trigger_description      = "Order updates and weekly offers."
      interactions_description = "Suggested replies and links to the shop."
      opt_out_description      = "Reply STOP: we confirm the opt-out."
      video_uris               = ["https://cdn.example.com/rcs/demo.mp4"]
    }
    verification = {
      name    = "Ann Example"
      email   = "ann@example.com"
      website = "https://shop.example.com"
      title   = "Head of CRM"
    }
    fr = {
      full_company_address = "1 rue de l'Exemple, 75001 Paris"
      siren                = "123456789"
    }
  }

  launch = true

  timeouts {
    create = "2h" # operators launch it country by country
  }
}
