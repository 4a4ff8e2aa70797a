# Answer Sinch's review question about a sender (see sinch_whatsapp_sender_activities).
resource "sinch_whatsapp_comment" "sender_answer" {
  sender_id = "01H7ZXAMPLESENDER"
  text      = "The display name is our registered trade name; the trademark certificate is attached to ticket 4711."
}

# A comment on a template: one name and language.
resource "sinch_whatsapp_comment" "template_answer" {
  template_name     = "order_update"
  template_language = "EN_US"
  text              = "The {{2}} variable is our order number, never a personal identifier."
}

# Neither sender nor template: a comment on the project's WhatsApp account.
resource "sinch_whatsapp_comment" "account_note" {
  text = "Our business verification documents were re-uploaded on request."
}
