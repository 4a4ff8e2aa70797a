# The template categories open to a sender: a subcategory's code is a template's category code.
data "sinch_kakaotalk_template_categories" "shop" {
  plus_friend_id = "@myshop"
}

output "template_category_codes" {
  value = {
    for s in flatten([for c in data.sinch_kakaotalk_template_categories.shop.categories : c.subcategories]) :
    s.name_english => s.code
  }
}
