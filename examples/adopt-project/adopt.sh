#!/usr/bin/env bash
# Adopt every provisioning webhook, WhatsApp sender and WhatsApp template of the project (SINCH_PROJECT_ID and
# the credentials come from the environment, as for any use of the provider). Each step only reads from Sinch.
set -euo pipefail
cd "$(dirname "$0")"

terraform init -input=false -no-color
# 1. discover what the project has, and render one import block per object
terraform apply -auto-approve -input=false -no-color
terraform output -raw import_blocks > imports.tf
echo "found $(terraform output -raw found); import blocks written to imports.tf"
# 2. let Terraform write their configuration, and plan the imports
rm -f generated.tf
terraform plan -input=false -no-color -generate-config-out=generated.tf -out=adopt.tfplan
# 3. import (state only: nothing changes in Sinch)
terraform apply -input=false -no-color adopt.tfplan
# 4. the configuration now matches what exists
terraform plan -input=false -no-color -detailed-exitcode
echo "adopted: the plan shows no changes"
