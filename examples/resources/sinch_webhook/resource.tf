variable "webhook_secret" {
  type      = string
  sensitive = true
}

# Sinch POSTs {type, payload} to the target, signed with the secret, when a template is reviewed.
resource "sinch_webhook" "template_reviews" {
  target   = "https://hooks.example.com/sinch/templates"
  secret   = var.webhook_secret
  triggers = ["WHATSAPP_TEMPLATE_APPROVED", "WHATSAPP_TEMPLATE_REJECTED"]
}

# In another project than the provider's default:
resource "sinch_webhook" "bundles" {
  project_id = "0f2b7f3c-5ad8-4f53-9c0e-8d3a1a3c9b71"
  target     = "https://hooks.example.com/sinch/bundles"
  secret     = var.webhook_secret
  triggers   = ["BUNDLE_DONE"]
}
