"""terraform-provider-sinch: the bridge between Terraform and the Sinch Provisioning API."""

__version__ = "0.1.0"
