# A solution is imported by "<project_id>/<solution_id>". Its access_token and business_manager are never returned
# by the API: leave them out of the configuration of an imported solution.
terraform import sinch_whatsapp_solution.shop ea026751-3edf-40a9-ad93-1b382bd60a78/123456789012345
