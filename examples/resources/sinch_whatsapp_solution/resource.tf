# The accessToken of the authResponse that Meta's embedded solution flow returned.
variable "solution_access_token" {
  type      = string
  sensitive = true
}

# A Multi-Partner Solution, assigned to the project so that its Embedded Signup onboards with it.
resource "sinch_whatsapp_solution" "shop" {
  name             = "Example Shop MPS"
  access_token     = var.solution_access_token
  business_manager = "SINCH_UK"
  assigned         = true
}
