# A bundle is imported by "<project_id>/<bundle_id>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one (the provisioning webhooks' secrets excepted: the
# API never returns them).
import {
  to = sinch_bundle.team_a
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/62a02dd40000000000000000"
}
