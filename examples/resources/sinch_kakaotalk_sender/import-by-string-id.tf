# A sender is imported by "<project_id>/<plus_friend_id>".
import {
  to = sinch_kakaotalk_sender.shop
  id = "ea026751-3edf-40a9-ad93-1b382bd60a78/@exampleshop"
}
