# The function that receives the callbacks. lambda/handler.zip holds lambda/handler.py (rebuild it with
# `python3 lambda/build.py` after editing the handler).
resource "aws_iam_role" "callbacks" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

# Only what the function does: write to its own log group.
resource "aws_iam_role_policy" "logs" {
  name = "write-logs"
  role = aws_iam_role.callbacks.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.callbacks.arn}:*"
    }]
  })
}

resource "aws_cloudwatch_log_group" "callbacks" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = 30
}

resource "aws_lambda_function" "callbacks" {
  function_name    = var.name
  role             = aws_iam_role.callbacks.arn
  runtime          = "python3.12"
  handler          = "handler.handler"
  filename         = "${path.module}/lambda/handler.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/handler.zip")
  timeout          = 10

  environment {
    variables = { SINCH_WEBHOOK_SECRET = var.webhook_secret }
  }

  depends_on = [aws_iam_role_policy.logs, aws_cloudwatch_log_group.callbacks]
}

# The public endpoint: POST /sinch/events on an HTTP API, proxied to the function.
resource "aws_apigatewayv2_api" "callbacks" {
  name          = var.name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "callbacks" {
  api_id                 = aws_apigatewayv2_api.callbacks.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.callbacks.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "events" {
  api_id    = aws_apigatewayv2_api.callbacks.id
  route_key = "POST /sinch/events"
  target    = "integrations/${aws_apigatewayv2_integration.callbacks.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.callbacks.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowSinchCallbacksViaApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.callbacks.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.callbacks.execution_arn}/*/*/sinch/events"
}
