# An RCS sender from draft to launch, with testers, in two applies:
#
#   terraform apply                    # 1: the sender as a DRAFT, the testers invited
#   terraform apply -var launch=true   # 2: launched; apply waits until every operator has launched it
terraform {
  required_version = ">= 1.5"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

# The questions behind `questionnaire`, with Sinch's suggested answers (see the `questions` output).
data "sinch_rcs_questionnaire" "this" {
  use_case  = var.use_case
  countries = var.countries
}

resource "sinch_rcs_sender" "this" {
  region           = var.region
  billing_category = "CONVERSATIONAL"
  use_case         = var.use_case
  countries        = var.countries

  brand = {
    name                 = var.brand.name
    description          = var.brand.description
    color                = var.brand.color
    emails               = [{ label = "Support", address = var.brand.support_email }]
    phones               = [{ label = "Support", number = var.brand.support_phone }]
    websites             = [{ label = "Website", url = var.brand.website }]
    banner_url           = var.brand.banner_url
    logo_url             = var.brand.logo_url
    privacy_policy_url   = "${var.brand.website}/privacy"
    terms_of_service_url = "${var.brand.website}/terms"
  }

  questionnaire = {
    general = {
      opt_in_description       = "Customers opt in when they create an account or place an order."
      trigger_description      = "Order confirmations, shipping updates and weekly offers."
      interactions_description = "Suggested replies to track an order or reach support."
      opt_out_description      = "Users reply STOP; we confirm with: You will no longer receive messages."
      video_uris               = [var.demo_video_url]
    }
    verification = {
      name    = var.verification_contact.name
      email   = var.verification_contact.email
      title   = var.verification_contact.title
      website = var.brand.website
    }
    fr = {
      full_company_address = var.company.address
      siren                = var.company.siren
    }
    gb = {
      brand_industry              = "Retail"
      company_legal_name          = var.company.legal_name
      company_registration_number = var.company.uk_registration_number
      full_company_address        = var.company.address
      messages_volume             = "10K - 100K messages"
      messages_frequency          = "Weekly"
    }
  }

  launch = var.launch ? true : null

  timeouts {
    update = "4h" # operators launch it country by country
  }
}

# Testers: each number gets an invitation to try the agent before the launch.
resource "sinch_rcs_test_number" "testers" {
  for_each  = toset(var.test_numbers)
  sender_id = sinch_rcs_sender.this.id
  number    = each.value
}
