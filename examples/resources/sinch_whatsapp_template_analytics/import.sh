# Template analytics are imported by "<project_id>" (they must be enabled already).
terraform import sinch_whatsapp_template_analytics.this ea026751-3edf-40a9-ad93-1b382bd60a78
