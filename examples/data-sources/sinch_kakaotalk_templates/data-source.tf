# Every template of one KakaoTalk sender (all pages)...
data "sinch_kakaotalk_templates" "all" {
  plus_friend_id = "@myshop"
}

# ...or only the approved ones whose name contains "order".
data "sinch_kakaotalk_templates" "orders" {
  plus_friend_id = "@myshop"
  states         = ["APPROVED"]
  template_name  = "order"
}

output "order_template_codes" {
  value = { for t in data.sinch_kakaotalk_templates.orders.templates : t.name => t.code }
}
