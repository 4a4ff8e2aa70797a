# Testers invited to try the sender before its launch: one resource per number.
resource "sinch_rcs_test_number" "testers" {
  for_each  = toset(["+48777777777", "+33612345678"])
  sender_id = "01HRCSSENDER0000000000000" # sinch_rcs_sender.<name>.id
  number    = each.value
}
