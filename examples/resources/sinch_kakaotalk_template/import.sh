# A template is imported by "<project_id>/<plus_friend_id>/<template_code>" (the code Sinch assigned).
terraform import sinch_kakaotalk_template.order_shipped ea026751-3edf-40a9-ad93-1b382bd60a78/@exampleshop/3GA2HG3uwFk0Q4pmG2Dz
