"""A local emulator of the Sinch Provisioning API (see emulator/README.md).

`emulator.server.EmulatorServer` runs it in a thread; `sinch-emulator` (emulator.main) runs it standalone.
It shares no code with `provider/`: it is written from the API description.
"""
