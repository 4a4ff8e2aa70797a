# The account is imported by its project: "<project_id>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one.
import {
  to = sinch_whatsapp_account.main
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78"
}
