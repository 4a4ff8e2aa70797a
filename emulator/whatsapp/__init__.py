"""The WhatsApp tags: one package (or module) per tag, sharing `common` and the generic `emulator.lifecycle`."""
