#!/usr/bin/env bash
# `make demo`: the quickstart against a local Sinch emulator, end to end. No prompt, no network.
# Starts the emulator, installs the provider into a filesystem mirror, runs init/apply on
# examples/quickstart, shows the outputs, checks that a second plan has no changes, stops the emulator.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${VENV:-$root/.venv}/bin
demo=$root/.demo
rm -rf "$demo"
mkdir -p "$demo"

key_id=demo-key
key_secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

"$bin/sinch-emulator" --port 0 --key-id "$key_id" --key-secret "$key_secret" >"$demo/emulator.out" 2>"$demo/emulator.log" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true' EXIT

url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://[^ ]*' "$demo/emulator.out" || true)
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "the emulator did not start:" >&2
  cat "$demo/emulator.log" >&2
  exit 1
fi
echo "==> Sinch emulator listening on $url"

"$bin/terraform-provider-sinch" install --dir "$demo/mirror"
cat >"$demo/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$demo/mirror"
    include = ["registry.terraform.io/sinch/*"]
  }
  direct {
    exclude = ["registry.terraform.io/sinch/*"]
  }
}
RC
cp -r "$root/examples/quickstart" "$demo/quickstart"

export TF_CLI_CONFIG_FILE=$demo/terraform.rc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export SINCH_PROVISIONING_URL=$url SINCH_AUTH_URL=$url/oauth2/token SINCH_PROJECT_ID=demo-project
export SINCH_KEY_ID=$key_id SINCH_KEY_SECRET=$key_secret
tf() { terraform -chdir="$demo/quickstart" "$@"; }

echo "==> terraform init"
tf init -input=false
echo "==> terraform apply"
tf apply -auto-approve -input=false
echo "==> terraform output"
tf output
echo "==> terraform plan (expect: no changes)"
set +e
tf plan -detailed-exitcode -input=false
code=$?
set -e
if [ "$code" -ne 0 ]; then
  echo "the second plan was not empty (exit code $code)" >&2
  exit 1
fi
echo "==> demo complete: the second plan has no changes"
