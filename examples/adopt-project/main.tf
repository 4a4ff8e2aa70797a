# Bring a whole Sinch project under Terraform (its provisioning webhooks, WhatsApp senders and WhatsApp
# templates, made in the Sinch dashboard or by scripts) without writing an ID by hand, and without creating,
# changing or deleting anything in Sinch. See README.md, or run ./adopt.sh. (for-each/ shows the other way:
# one for_each import block and one for_each resource per type.)
terraform {
  required_version = ">= 1.7"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

# SINCH_KEY_ID, SINCH_KEY_SECRET and SINCH_PROJECT_ID from the environment.
provider "sinch" {}

# 1. Discover: data sources only read (every object, all pages).
data "sinch_webhooks" "existing" {}
data "sinch_whatsapp_senders" "existing" {}
data "sinch_whatsapp_templates" "existing" {}

# 2. One `import` block per object, with a readable resource name. (Terraform 1.11 generates configuration only
#    for import blocks without for_each: hence one block each.)
locals {
  # "https://hooks.example.com/sinch/templates" -> "hooks_example_com_sinch_templates"
  webhooks = {
    for w in data.sinch_webhooks.existing.webhooks :
    "${trim(substr(replace(lower(replace(w.target, "/^[a-z]+://", "")), "/[^a-z0-9]+/", "_"), 0, 48), "_")}_${substr(w.id, 0, 8)}" => "${w.project_id}/${w.id}"
  }
  senders = {
    for s in data.sinch_whatsapp_senders.existing.senders :
    "${trim(replace(lower(coalesce(s.display_name, "sender")), "/[^a-z0-9]+/", "_"), "_")}_${substr(s.id, 0, 8)}" => "${s.project_id}/${s.id}"
  }
  templates = {
    for t in data.sinch_whatsapp_templates.existing.templates :
    "${t.name}_${lower(t.language)}" => "${t.project_id}/${t.name}/${t.language}"
  }
  import_blocks = flatten([
    for type, objects in {
      sinch_webhook           = local.webhooks
      sinch_whatsapp_sender   = local.senders
      sinch_whatsapp_template = local.templates
      } : [
      for name, id in objects : <<-EOT
        import {
          to = ${type}.${can(regex("^[a-z_]", name)) ? name : "_${name}"}
          id = "${id}"
        }
      EOT
    ]
  ])
}

output "import_blocks" {
  value = join("\n", local.import_blocks)
}

output "found" {
  value = "${length(local.webhooks)} webhooks, ${length(local.senders)} senders, ${length(local.templates)} templates"
}
