# The account is imported by its project: "<project_id>".
terraform import sinch_whatsapp_account.main ea026751-3edf-40a9-ad93-1b382bd60a78
