# A sender is imported by "<project_id>/<sender_id>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one (see examples/import-existing-senders).
import {
  to = sinch_whatsapp_sender.support
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/cf11794a-6a5e-4a12-b103-da79bd378bf1"
}
