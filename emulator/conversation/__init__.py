"""The `Conversation` tag: read-only channel information of Conversation API apps."""
