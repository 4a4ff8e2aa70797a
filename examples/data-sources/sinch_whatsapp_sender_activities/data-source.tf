# What happened to a sender, most recent first: creation, verification, activation, profile reviews.
data "sinch_whatsapp_sender_activities" "support" {
  sender_id = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
}

output "sender_history" {
  value = [for a in data.sinch_whatsapp_sender_activities.support.activities : "${a.created} ${a.type} ${coalesce(a.comment, "-")}"]
}
