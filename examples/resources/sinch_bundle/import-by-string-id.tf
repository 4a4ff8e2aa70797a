# A bundle is imported by "<project_id>/<bundle_id>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one. Fill in the webhooks' secrets before applying:
# Terraform writes sensitive values as null, and the API never returns the provisioning webhooks' secrets; a
# Conversation API webhook's secret left null would replace the bundle.
import {
  to = sinch_bundle.team_a
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/62a02dd40000000000000000"
}
