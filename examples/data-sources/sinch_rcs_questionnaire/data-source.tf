# The launch questions for a promotional sender in France and the UK, e.g. to show them next to a module's inputs.
data "sinch_rcs_questionnaire" "promotional" {
  use_case  = "PROMOTIONAL"
  countries = ["FR", "GB"]
}

output "questions" {
  value = { for q in data.sinch_rcs_questionnaire.promotional.questions : "${q.section}.${q.field}" => q.question }
}
