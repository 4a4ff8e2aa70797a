# A template is imported by "<project_id>/<name>/<language>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one (see examples/import-existing-templates).
import {
  to = sinch_whatsapp_template.order_update
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/order_update/EN_US"
}
