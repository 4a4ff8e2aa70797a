# Every webhook of the provider's project (all pages).
data "sinch_webhooks" "all" {}

output "webhook_targets" {
  value = { for w in data.sinch_webhooks.all.webhooks : w.id => w.target }
}
