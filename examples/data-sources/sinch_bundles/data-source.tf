# The bundles of the provider's project that failed (all pages).
data "sinch_bundles" "failed" {
  states = ["FAILED"]
}

output "failed_bundles" {
  value = [for b in data.sinch_bundles.failed.bundles : b.id]
}
