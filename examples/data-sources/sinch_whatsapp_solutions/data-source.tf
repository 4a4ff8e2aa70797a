data "sinch_whatsapp_solutions" "all" {}

output "assigned_solution" {
  value = one([for s in data.sinch_whatsapp_solutions.all.solutions : s.name if s.assigned])
}
