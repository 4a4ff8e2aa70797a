terraform {
  required_providers {
    sinch = {
      source = "sinch/sinch"
    }
  }
}

# Credentials are the project's access key (Sinch Build dashboard > Access Keys). Leave them out of code:
# every argument falls back to an environment variable (SINCH_KEY_ID, SINCH_KEY_SECRET, SINCH_PROJECT_ID, ...).
provider "sinch" {
  project_id = "ea026751-3edf-40a9-ad93-1b382bd60a78"
  # key_id     = "..."   # or SINCH_KEY_ID
  # key_secret = "..."   # or SINCH_KEY_SECRET (sensitive)
  # auth       = "oauth2" # default; "basic" sends the key on every call (rate-limited, for tests)

  # To work against the local emulator (`sinch-emulator`):
  # provisioning_url = "http://127.0.0.1:8077"
  # auth_url         = "http://127.0.0.1:8077/oauth2/token"
}
