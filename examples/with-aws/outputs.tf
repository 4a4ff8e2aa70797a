output "callback_url" {
  description = "Where Sinch POSTs the callbacks."
  value       = local.callback_url
}

output "webhook_id" {
  description = "The Sinch webhook's ID."
  value       = sinch_webhook.callbacks.id
}

output "function_name" {
  description = "The Lambda function that receives the callbacks (its logs: /aws/lambda/<name>)."
  value       = aws_lambda_function.callbacks.function_name
}
