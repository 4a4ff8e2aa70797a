# The launched RCS senders of the project, newest first.
data "sinch_rcs_senders" "launched" {
  states         = ["LAUNCHED"]
  sort_by        = "CREATED"
  sort_direction = "DESC"
}

output "launched_brands" {
  value = [for s in data.sinch_rcs_senders.launched.senders : s.brand_name]
}
