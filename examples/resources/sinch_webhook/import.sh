# A webhook is imported by "<project_id>/<webhook_id>". The API never returns the secret, so the first
# plan after an import shows `secret` as the only change: applying it sets the secret in your config.
terraform import sinch_webhook.template_reviews ea026751-3edf-40a9-ad93-1b382bd60a78/7c60ce550f1d40198d5ffb113d58591b
