data "sinch_whatsapp_flows" "all" {}

# Published flows by name, with their screens (for FLOW template buttons).
output "published_flows" {
  value = {
    for f in data.sinch_whatsapp_flows.all.flows : f.name => { id = f.id, screens = f.screens }
    if f.status == "FLOW_STATUS_PUBLISHED"
  }
}
