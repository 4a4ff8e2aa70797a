# Bring the WhatsApp templates a project already has (made in the Sinch dashboard, by a script, or by another
# team) under Terraform without creating, changing or deleting anything in Sinch. See README.md, or run
# ./import.sh. (for-each/ shows the other way: one for_each resource and one for_each import block.)
terraform {
  required_version = ">= 1.7"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

# 1. Discover: a data source only reads (every template, all pages).
data "sinch_whatsapp_templates" "existing" {}

# 2. One `import` block per template, named after its name and language. (Terraform 1.11 generates
#    configuration only for import blocks without for_each: hence one block each.)
output "import_blocks" {
  value = join("\n", [
    for t in data.sinch_whatsapp_templates.existing.templates : <<-EOT
      import {
        to = sinch_whatsapp_template.${t.name}_${lower(t.language)}
        id = "${t.project_id}/${t.name}/${t.language}"
      }
    EOT
  ])
}

output "template_count" {
  value = length(data.sinch_whatsapp_templates.existing.templates)
}
