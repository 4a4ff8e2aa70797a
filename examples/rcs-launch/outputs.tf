output "sender_id" {
  value = sinch_rcs_sender.this.id
}

output "state" {
  description = "DRAFT after the first apply, LAUNCHED after the second."
  value       = sinch_rcs_sender.this.state
}

output "launch_by_country" {
  description = "Each country's launch status and its operators'."
  value = {
    for c in sinch_rcs_sender.this.country_statuses : c.country => {
      status    = c.status
      operators = { for o in c.operators : o.name => o.status }
    }
  }
}

output "testers" {
  value = { for n, t in sinch_rcs_test_number.testers : n => t.state }
}

output "questions" {
  description = "The launch questionnaire's questions, by section and answer attribute."
  value       = { for q in data.sinch_rcs_questionnaire.this.questions : "${q.section}.${q.field}" => q.question }
}
