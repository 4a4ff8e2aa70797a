#!/usr/bin/env bash
# Import every WhatsApp template of the project (SINCH_PROJECT_ID and the credentials come from the
# environment, as for any use of the provider). Each step only reads from Sinch.
set -euo pipefail
cd "$(dirname "$0")"

terraform init -input=false -no-color
# 1. discover the templates and render one import block per template
terraform apply -auto-approve -input=false -no-color
terraform output -raw import_blocks > imports.tf
echo "found $(terraform output -raw template_count) templates; import blocks written to imports.tf"
# 2. let Terraform write their configuration (nested components included), and plan the imports
rm -f templates.tf
terraform plan -input=false -no-color -generate-config-out=templates.tf -out=import.tfplan
# 3. import (state only: nothing changes in Sinch)
terraform apply -input=false -no-color import.tfplan
# 4. the configuration now matches what exists
terraform plan -input=false -no-color -detailed-exitcode
echo "imported: the plan shows no changes"
