variable "plus_friend_id" {
  type        = string
  description = "The KakaoTalk channel's ID, e.g. @exampleshop."
  default     = "@exampleshop"
}

variable "channel_name" {
  type    = string
  default = "Example Shop"
}

variable "admin_phone_number" {
  type        = string
  description = "Where Sinch sends the verification code (E.164)."
  default     = "+821012345678"

  validation {
    condition     = can(regex("^\\+[1-9][0-9]{6,13}$", var.admin_phone_number))
    error_message = "admin_phone_number must be in E.164 form, e.g. +821012345678."
  }
}

variable "category" {
  type        = object({ top = string, mid = string, sub = string })
  description = "The sender's category codes (see the sinch_kakaotalk_sender_categories data source)."
  default     = { top = "019", mid = "0006", sub = "0001" }
}

variable "shop_url" {
  type    = string
  default = "https://shop.example.com"
}

variable "verification_code" {
  type        = string
  description = "The code sent to the admin phone by the first apply; null until then."
  default     = null
  sensitive   = true
}
