# The project's RCS account trail: its creation and comments.
data "sinch_rcs_account_activities" "this" {}
