#!/usr/bin/env bash
# Re-creates the sample's certificates with the mipsecure tool: a root CA and one certificate per server, valid ten years.
# Only the public certificates (.crt) are kept; the PFX files with private keys go to a temporary folder that is deleted.
set -euo pipefail
cd "$(dirname "$0")"
repo="$(cd ../.. && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mipsecure() { dotnet run --project "$repo/src/MipSecure.Cli" -- "$@"; }

mipsecure pki create-ca --name "Contoso XProtect Root CA" --out "$work/ca" --days 3650
for host in mgmt rec1 rec2; do
  mipsecure pki issue --ca "$work/ca/contoso-xprotect-root-ca.pfx" --host "$host.contoso.local" --out "$work/$host" --days 3650
  cp "$work/$host/$host.contoso.local.crt" "certs/$host.crt"
done
cp "$work/ca/contoso-xprotect-root-ca.crt" certs/contoso-root.crt
