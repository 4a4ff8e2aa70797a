# A whole project adopted in one apply: per type, one resource with for_each over its list data source and one
# import block with for_each (Terraform 1.7+). The configuration is the data sources' own values, so the plan
# that imports everything changes nothing, and the next plan is empty. A stepping stone: to manage the objects
# from here on, write their configuration out (../adopt.sh does, with -generate-config-out) rather than reading
# it back from Sinch.
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

data "sinch_webhooks" "existing" {}
data "sinch_whatsapp_senders" "existing" {}
data "sinch_whatsapp_templates" "existing" {}

locals {
  webhooks  = { for w in data.sinch_webhooks.existing.webhooks : w.target => w }
  senders   = { for s in data.sinch_whatsapp_senders.existing.senders : s.id => s }
  templates = { for t in data.sinch_whatsapp_templates.existing.templates : "${t.name}/${t.language}" => t }
}

import {
  for_each = local.webhooks
  to       = sinch_webhook.all[each.key]
  id       = "${each.value.project_id}/${each.value.id}"
}

resource "sinch_webhook" "all" {
  for_each = local.webhooks

  target   = each.value.target
  triggers = each.value.triggers
  # Sinch never returns a webhook's secret: it stays as it is until you set it here (from your secret store),
  # and the apply after that sends it to Sinch.
  secret = null
}

import {
  for_each = local.senders
  to       = sinch_whatsapp_sender.all[each.key]
  id       = "${each.value.project_id}/${each.key}"
}

resource "sinch_whatsapp_sender" "all" {
  for_each = local.senders

  region                = each.value.region
  business_manager      = each.value.business_manager
  meta_local_storage    = each.value.meta_local_storage
  country_code          = each.value.country_code
  phone_number          = each.value.phone_number
  phone_number_provider = each.value.phone_number_provider
  display_name          = each.value.display_name
  about                 = each.value.about
  address               = each.value.address
  description           = each.value.description
  email                 = each.value.email
  photo_url             = each.value.photo_url
  vertical              = each.value.vertical
  websites              = each.value.websites
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
