# A sender is imported by "<project_id>/<sender_id>".
# Create-only inputs (waba_id, phone_number_id, authentication_code) and verification_code are never returned
# by the API: leave them out of the configuration of an imported sender, or the first plan records them
# (a Terraform-only change: nothing is sent to Sinch, nothing is replaced).
terraform import sinch_whatsapp_sender.support ea026751-3edf-40a9-ad93-1b382bd60a78/cf11794a-6a5e-4a12-b103-da79bd378bf1
