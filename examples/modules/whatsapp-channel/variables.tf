variable "project_id" {
  type        = string
  description = "Sinch project of every object of the channel. Null (the default): the project of the Sinch provider configuration the module is given."
  default     = null
  validation {
    condition     = var.project_id == null || can(regex("^[A-Za-z0-9-]{1,64}$", var.project_id))
    error_message = "A Sinch project ID: letters, digits and hyphens (e.g. ea026751-3edf-40a9-ad93-1b382bd60a78)."
  }
}

variable "brand" {
  type        = string
  description = "The brand as customers see it, in the templates' footer."
  validation {
    condition     = length(var.brand) >= 1 && length(var.brand) <= 60
    error_message = "1 to 60 characters (a template footer's limit)."
  }
}

variable "sender" {
  type = object({
    waba_id          = string
    phone_number_id  = string
    region           = optional(string, "EU")
    business_manager = optional(string)
    about            = optional(string)
    websites         = optional(list(string))
  })
  description = <<-EOT
    The WhatsApp sender, from Meta's Embedded Signup: the customer's WhatsApp Business Account ID (waba_id) and
    the phone number's ID (phone_number_id); region BR, EU or US (default EU); the Sinch business manager
    (Embedded Signup takes SINCH_UK in EU, SINCH_BR or SINCH_MX in BR, any of the three in US; default: Sinch's
    choice for the region); the profile's About text and up to two websites.
  EOT
  validation {
    condition     = can(regex("^[0-9]{5,30}$", var.sender.waba_id)) && can(regex("^[0-9]{5,30}$", var.sender.phone_number_id))
    error_message = "sender.waba_id and sender.phone_number_id are Meta's numeric IDs."
  }
  validation {
    condition     = contains(["BR", "EU", "US"], var.sender.region)
    error_message = "sender.region is BR, EU or US."
  }
  validation {
    condition = var.sender.business_manager == null || contains(lookup({
      BR = ["SINCH_BR", "SINCH_MX"]
      EU = ["SINCH_UK"]
      US = ["SINCH_BR", "SINCH_MX", "SINCH_UK"]
    }, var.sender.region, []), coalesce(var.sender.business_manager, "-"))
    error_message = "sender.business_manager must onboard Embedded Signup senders in sender.region: BR takes SINCH_BR or SINCH_MX, EU takes SINCH_UK, US takes any of the three."
  }
  validation {
    condition     = var.sender.about == null || try(length(var.sender.about) >= 1 && length(var.sender.about) <= 139, false)
    error_message = "sender.about is 1 to 139 characters."
  }
  validation {
    condition     = length(coalesce(var.sender.websites, [])) <= 2 && alltrue([for w in coalesce(var.sender.websites, []) : can(regex("^https?://", w))])
    error_message = "sender.websites: at most two http(s) URLs."
  }
}

variable "authentication_code" {
  type        = string
  description = "Embedded Signup's single-use access code for the number, when Meta's flow gave one."
  default     = null
  sensitive   = true
}

variable "language" {
  type        = string
  description = "Language of the templates, as Sinch spells it: EN_US, DE, PT_BR, ..."
  default     = "EN_US"
  validation {
    condition     = can(regex("^[A-Z]{2,3}(_[A-Z]{2})?$", var.language))
    error_message = "A Sinch template language such as EN_US, DE or PT_BR."
  }
}

variable "template_prefix" {
  type        = string
  description = "Prefix of the template names (lower-case letters, digits and underscores), for projects that share templates with other teams."
  default     = ""
  validation {
    condition     = can(regex("^([a-z][a-z0-9_]{0,40})?$", var.template_prefix))
    error_message = "Lower-case letters, digits and underscores, starting with a letter; at most 41."
  }
}

variable "tracking_url" {
  type        = string
  description = "Order tracking page; the order ID is appended to it (\"https://shop.example.com/track?id=\")."
  validation {
    condition     = can(regex("^https://[^/]+\\.[a-z]{2,}(/|$)", var.tracking_url)) && !can(regex("^https://(wa\\.me|([^/]*\\.)?whatsapp\\.com)(/|$)", var.tracking_url))
    error_message = "An https URL on your own domain (not wa.me or whatsapp.com)."
  }
}

variable "callback_url" {
  type        = string
  description = "Where Sinch POSTs the channel's events (sender and template reviews)."
  validation {
    condition     = can(regex("^https://[^/]+\\.[a-z]{2,}(:[0-9]+)?(/|$)", var.callback_url)) && length(var.callback_url) <= 742
    error_message = "An https URL with a public host name (at most 742 characters)."
  }
}

variable "webhook_secret" {
  type        = string
  description = "Secret Sinch signs the callbacks with (HMAC-SHA256)."
  sensitive   = true
  validation {
    condition     = length(var.webhook_secret) >= 16 && length(var.webhook_secret) <= 128
    error_message = "16 to 128 characters: a long random string."
  }
}
