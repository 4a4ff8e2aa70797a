# An RCS sender is imported by "<project_id>/<sender_id>".
import {
  to = sinch_rcs_sender.shop
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/01HRCSSENDER0000000000000"
}
