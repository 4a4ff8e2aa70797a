# Every KakaoTalk sender of the project (all pages)...
data "sinch_kakaotalk_senders" "all" {}

# ...or only some: senders that cannot send, or whose changes were rejected.
data "sinch_kakaotalk_senders" "in_trouble" {
  states          = ["BLOCKED", "INACTIVE", "SUSPENDED"]
  change_statuses = ["REJECTED"]
}

output "sender_names" {
  value = { for s in data.sinch_kakaotalk_senders.all.senders : s.plus_friend_id => s.name }
}
