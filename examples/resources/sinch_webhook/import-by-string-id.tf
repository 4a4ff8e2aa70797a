# A webhook is imported by "<project_id>/<webhook_id>". Without a resource block for it,
# `terraform plan -generate-config-out=generated.tf` writes one (the secret excepted: the API never returns it).
import {
  to = sinch_webhook.template_reviews
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/7c60ce550f1d40198d5ffb113d58591b"
}
