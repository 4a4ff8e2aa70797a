# A bundle is imported by "<project_id>/<bundle_id>" (the project it was ordered in). The API never returns the
# provisioning webhooks' secrets, so a configuration with `webhooks` shows them as a change after an import.
terraform import sinch_bundle.team_a ea026751-3edf-40a9-ad93-1b382bd60a78/62a02dd40000000000000000
