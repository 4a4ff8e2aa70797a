variable "region" {
  type    = string
  default = "EU"
}

variable "use_case" {
  type    = string
  default = "PROMOTIONAL"
}

variable "countries" {
  type    = list(string)
  default = ["FR", "GB"]
}

variable "brand" {
  type = object({
    name          = string
    description   = string
    color         = string
    support_email = string
    support_phone = string
    website       = string
    banner_url    = string
    logo_url      = string
  })
  default = {
    name          = "Example Shop"
    description   = "Orders, deliveries and offers from Example Shop"
    color         = "#0A3D62"
    support_email = "support@example.com"
    support_phone = "+33777777777"
    website       = "https://shop.example.com"
    banner_url    = "https://cdn.example.com/rcs/banner.png"
    logo_url      = "https://cdn.example.com/rcs/logo.png"
  }
}

variable "company" {
  type = object({
    legal_name             = string
    address                = string
    siren                  = string
    uk_registration_number = string
  })
  default = {
    legal_name             = "Example Shop SAS"
    address                = "1 rue de l'Exemple, 75001 Paris, France"
    siren                  = "123456789"
    uk_registration_number = "12345678"
  }
}

variable "verification_contact" {
  type = object({ name = string, email = string, title = string })
  default = {
    name  = "Ann Example"
    email = "ann@example.com"
    title = "Head of CRM"
  }
}

variable "demo_video_url" {
  type    = string
  default = "https://cdn.example.com/rcs/demo.mp4"
}

variable "test_numbers" {
  type        = list(string)
  description = "Testers' phones (E.164)."
  default     = ["+48777777777", "+33612345678"]
}

variable "launch" {
  type        = bool
  description = "Launch the sender (the second apply). A launch cannot be undone."
  default     = false
}
