variable "aws_region" {
  type        = string
  description = "AWS region of the API and the function."
  default     = "eu-west-1"
}

variable "name" {
  type        = string
  description = "Name (and name prefix) of the AWS resources."
  default     = "sinch-callbacks"
  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,40}$", var.name))
    error_message = "Letters, digits and hyphens, at most 40."
  }
}

variable "webhook_secret" {
  type        = string
  sensitive   = true
  description = "Secret Sinch signs the callbacks with; the function gets it to check the signatures."
  validation {
    condition     = length(var.webhook_secret) >= 16 && length(var.webhook_secret) <= 128
    error_message = "16 to 128 characters: use a long random string (e.g. openssl rand -hex 32)."
  }
}

variable "triggers" {
  type        = set(string)
  description = "Sinch events to deliver."
  default = [
    "WHATSAPP_SENDER_ACTIVE", "WHATSAPP_SENDER_ERROR", "WHATSAPP_SENDER_QUALITY_RATING_CHANGED",
    "WHATSAPP_TEMPLATE_APPROVED", "WHATSAPP_TEMPLATE_REJECTED", "WHATSAPP_TEMPLATE_STATUS_UPDATED",
  ]
}
