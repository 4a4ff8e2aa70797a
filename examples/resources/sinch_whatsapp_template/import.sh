# A template is imported by "<project_id>/<name>/<language>".
# allow_category_change is never returned by the API: after an import it is null until the configuration sets it.
terraform import sinch_whatsapp_template.order_update ea026751-3edf-40a9-ad93-1b382bd60a78/order_update/EN_US
