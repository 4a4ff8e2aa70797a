# A KakaoTalk sender. The first apply submits and registers it: Sinch sends a 6-digit code to the admin phone and
# the sender waits in VERIFYING. Set verification_code to that code and apply again: the sender becomes ACTIVE.
resource "sinch_kakaotalk_sender" "shop" {
  plus_friend_id     = "@exampleshop"
  name               = "Example Shop"
  admin_phone_number = "+821012345678"
  logo_url           = "https://cdn.example.com/logo.png"

  # A third-level category; `sinch_kakaotalk_sender_categories` lists them with their three codes.
  top_level_category_code = "019"
  mid_level_category_code = "0006"
  sub_level_category_code = "0001"

  # verification_code = var.kakaotalk_verification_code  # the second apply

  timeouts {
    update = "1h" # changes of an ACTIVE sender wait for Sinch's review
  }
}
