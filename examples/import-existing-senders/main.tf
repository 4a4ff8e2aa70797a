# Bring the WhatsApp senders a project already has (created in the Sinch dashboard, or by hand) under
# Terraform, without creating, changing or deleting anything in Sinch. See README.md, or run ./import.sh.
terraform {
  required_version = ">= 1.5"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

# 1. Discover: a data source only reads.
data "sinch_whatsapp_senders" "existing" {}

# 2. One `import` block per sender, named after its display name and ID.
output "import_blocks" {
  value = join("\n", [
    for s in data.sinch_whatsapp_senders.existing.senders : <<-EOT
      import {
        to = sinch_whatsapp_sender.wa_${trim(replace(lower(coalesce(s.display_name, "sender")), "/[^a-z0-9]+/", "_"), "_")}_${substr(s.id, 0, 8)}
        id = "${s.project_id}/${s.id}"
      }
    EOT
  ])
}

output "sender_count" {
  value = length(data.sinch_whatsapp_senders.existing.senders)
}
