# What happened to an RCS sender, most recent first.
data "sinch_rcs_sender_activities" "shop" {
  sender_id = "01HRCSSENDER0000000000000"
}

output "sender_history" {
  value = [for a in data.sinch_rcs_sender_activities.shop.activities : "${a.created} ${a.type}"]
}
