terraform {
  required_version = ">= 1.5"
  required_providers {
    sinch = {
      source = "sinch/sinch"
      # No configuration_aliases: the module uses one Sinch configuration, its default `sinch`. A caller hands
      # it whichever configuration it likes: `providers = { sinch = sinch.emea }`.
    }
  }
}
