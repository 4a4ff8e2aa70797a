locals {
  # The $default stage's URL ends with a slash on AWS; trimming it keeps one slash whatever the endpoint says.
  callback_url = "${trimsuffix(aws_apigatewayv2_stage.default.invoke_url, "/")}/sinch/events"
}

resource "sinch_webhook" "callbacks" {
  target   = local.callback_url
  secret   = var.webhook_secret
  triggers = var.triggers

  # Sinch may call as soon as the webhook exists: have the route and the permission in place first.
  depends_on = [aws_apigatewayv2_route.events, aws_lambda_permission.api]
}
