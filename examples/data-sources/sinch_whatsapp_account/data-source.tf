data "sinch_whatsapp_account" "this" {}

output "waba_id" {
  value = data.sinch_whatsapp_account.this.waba_id
}
