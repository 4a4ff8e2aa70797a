# A KakaoTalk template of one sender, submitted for review; apply waits until it is APPROVED.
resource "sinch_kakaotalk_template" "order_shipped" {
  plus_friend_id = "@exampleshop"
  name           = "order_shipped"
  language       = "KO"
  content        = "Your order #{order} has shipped."
  category_code  = "999999"

  message_type = "EXTRA_INFORMATION"
  extra        = "Questions? Call 1588-0000."

  emphasize_type = "EMPHASIZE_TYPE_TEXT"
  title          = "Shipped"
  subtitle       = "Order update"

  # In the order shown: at most 5, each type once.
  buttons = [
    { type = "WEB_LINK", name = "Track", link_mo = "https://shop.example.com/track" },
    { type = "APP_LINK", name = "Open app", scheme_ios = "https://shop.example.com/ios",
    scheme_android = "https://shop.example.com/android" },
    { type = "CHANNEL_ID_ADDED", name = "Add us" },
  ]

  timeouts {
    create = "2h"
  }
}
