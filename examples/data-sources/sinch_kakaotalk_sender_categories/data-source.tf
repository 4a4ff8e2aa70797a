# The sender category tree, flattened: look up the codes a KakaoTalk sender takes.
data "sinch_kakaotalk_sender_categories" "all" {}

locals {
  # Third-level categories by their names, e.g. "건강 > 병원 > 종합병원" => "001/0001/0001"
  sender_categories = {
    for c in data.sinch_kakaotalk_sender_categories.all.categories : join(" > ", c.path) => c.code if c.depth == 3
  }
}

output "sender_categories" {
  value = local.sender_categories
}
