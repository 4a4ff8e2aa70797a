# Sinch provisioning callbacks into AWS, in one plan: an API Gateway HTTP API with a Lambda function behind
# it, and the sinch_webhook that points Sinch at it. See README.md.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
    sinch = {
      source = "sinch/sinch"
    }
  }
}

# Credentials, and an endpoint other than AWS's (AWS_ENDPOINT_URL), come from the environment as usual.
provider "aws" {
  region = var.aws_region
  default_tags {
    tags = { ManagedBy = "terraform", Purpose = "sinch-callbacks" }
  }
}

# SINCH_KEY_ID, SINCH_KEY_SECRET and SINCH_PROJECT_ID from the environment.
provider "sinch" {}
