# All templates of a project as one resource with for_each, adopted by one import block with for_each
# (Terraform 1.7+): the configuration is the data source's own values, so the plan that imports them changes
# nothing, and the next plan is empty. A stepping stone: to manage the templates from here on, write their
# configuration out (../import.sh does, with -generate-config-out) rather than reading it back from Sinch.
terraform {
  required_version = ">= 1.7"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

data "sinch_whatsapp_templates" "existing" {}

locals {
  templates = { for t in data.sinch_whatsapp_templates.existing.templates : "${t.name}/${t.language}" => t }
}

import {
  for_each = local.templates
  to       = sinch_whatsapp_template.all[each.key]
  id       = "${each.value.project_id}/${each.key}"
}

resource "sinch_whatsapp_template" "all" {
  for_each = local.templates

  name                     = each.value.name
  language                 = each.value.language
  category                 = each.value.category
  message_send_ttl_seconds = each.value.message_send_ttl_seconds
  optimization             = each.value.optimization
  header                   = each.value.header
  limited_time_offer       = each.value.limited_time_offer
  body                     = each.value.body
  footer                   = each.value.footer
  buttons                  = each.value.buttons
  carousel                 = each.value.carousel
}
