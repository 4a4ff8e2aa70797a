# A KakaoTalk channel: the sender and two templates.
#
#   terraform apply                                   # the sender is registered: a code goes to the admin phone,
#                                                     # the templates are reviewed (apply waits for APPROVED)
#   terraform apply -var verification_code=123456     # the sender is verified: ACTIVE
terraform {
  required_version = ">= 1.5"
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

provider "sinch" {}

resource "sinch_kakaotalk_sender" "channel" {
  plus_friend_id     = var.plus_friend_id
  name               = var.channel_name
  admin_phone_number = var.admin_phone_number

  top_level_category_code = var.category.top
  mid_level_category_code = var.category.mid
  sub_level_category_code = var.category.sub

  verification_code = var.verification_code
}

# An order notice with an emphasized title, extra information and three buttons.
resource "sinch_kakaotalk_template" "order_shipped" {
  plus_friend_id = sinch_kakaotalk_sender.channel.plus_friend_id
  name           = "order_shipped"
  language       = "KO"
  content        = "#{name}님, 주문하신 상품(#{order})이 발송되었습니다."
  category_code  = "999999"

  message_type   = "EXTRA_INFORMATION"
  extra          = "문의: 1588-0000"
  emphasize_type = "EMPHASIZE_TYPE_TEXT"
  title          = "발송 완료"

  buttons = [
    { type = "DELIVERY_SEARCH", name = "배송 조회" },
    { type = "WEB_LINK", name = "주문 상세", link_mo = "${var.shop_url}/orders", link_pc = "${var.shop_url}/orders" },
    { type = "CHANNEL_ID_ADDED", name = "채널 추가" },
  ]
}

# A one-time code: a security template, shown on the main device only.
resource "sinch_kakaotalk_template" "login_code" {
  plus_friend_id = sinch_kakaotalk_sender.channel.plus_friend_id
  name           = "login_code"
  language       = "KO"
  content        = "인증번호는 #{code} 입니다. 타인에게 알려주지 마세요."
  security_flag  = true
}
