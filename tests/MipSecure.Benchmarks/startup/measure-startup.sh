#!/usr/bin/env bash
# Start-up and memory of the installed mipsecure tool against openssl, on the same files and machine, in one run.
#   tests/MipSecure.Benchmarks/startup/measure-startup.sh [RUNS]        (default 30 measured runs per command)
# Packs the tool (pointer, framework-dependent 'any', this machine's Native AOT package) into a temporary feed, installs
# both variants with 'dotnet tool install --tool-path' as users do, and measures with hyperfine (Debian package 'hyperfine'):
#   1. verify of a 2-certificate chain (leaf + CA): openssl verify, mipsecure verify (native), mipsecure verify (any)
#   2. check of a site with 100 recording servers, each with its own certificate
#   3. peak resident memory of each command (GNU time)
# Prints a Markdown table; docs/performance.md records a run.
set -euo pipefail
runs="${1:-30}"
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
for tool in hyperfine openssl jq /usr/bin/time dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "needs $tool on PATH (Debian: apt-get install hyperfine openssl jq time)" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
# A version no cache has seen, so the packages installed are the ones packed now.
version="0.0.0-startup.$(date -u +%Y%m%d%H%M%S)"

# MIPSECURE_NATIVE and MIPSECURE_ANY name already built executables (the native one, e.g. from
# 'dotnet publish src/MipSecure.Cli -c Release -r linux-x64', and the framework-dependent one) and skip the packing.
native="${MIPSECURE_NATIVE:-}"
any="${MIPSECURE_ANY:-}"
if [ -z "$native" ] || [ -z "$any" ]; then
  echo "packing the tool ($version, native package for $rid) ..." >&2
  for runtime in "" "-r any" "-r $rid"; do
    # shellcheck disable=SC2086
    dotnet pack "$repo/src/MipSecure.Cli/MipSecure.Cli.csproj" -c Release $runtime -o "$work/feed" -p:PackageVersion="$version" \
      --artifacts-path "$work/build" -nologo >/dev/null
  done
  cat > "$work/NuGet.config" <<XML
<configuration><packageSources><add key="startup-feed" value="$work/feed" /></packageSources>
<config><add key="globalPackagesFolder" value="$work/packages" /></config></configuration>
XML
  (cd "$work" && dotnet tool install MipSecure.Cli --tool-path "$work/native" --version "$version" >/dev/null)
  (cd "$work" && dotnet tool install MipSecure.Cli.any --tool-path "$work/any" --version "$version" >/dev/null)
  native="$work/native/mipsecure"
  any="$work/any/mipsecure"
fi

# The same chain for both tools: a CA and a server certificate for rec1.contoso.local (RSA 2048, SAN, serverAuth).
cd "$work"
"$native" pki create-ca --out ca --key-size 2048 >/dev/null 2>&1
"$native" pki issue --ca ca/xprotect-certificate-authority.pfx --host rec1.contoso.local --out certs >/dev/null 2>&1
ca=ca/xprotect-certificate-authority.crt
leaf=certs/rec1.contoso.local.crt

# A site of 100 recording servers, each with its own certificate from the same CA.
{
  echo '{ "trust": { "caCertificates": ["'$ca'"] },'
  echo '  "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/rec1.contoso.local.crt" },'
  echo '  "recordingServers": ['
  for i in $(seq 1 100); do
    "$native" pki issue --ca ca/xprotect-certificate-authority.pfx --host "rec$i.site.local" --out site-certs >/dev/null 2>&1
    sep=","; [ "$i" -eq 100 ] && sep=""
    echo "    { \"name\": \"Recorder $i\", \"webServerUri\": \"https://rec$i.site.local:7563/\", \"certificate\": \"site-certs/rec$i.site.local.crt\" }$sep"
  done
  echo '  ] }'
} > site.json
# The management server is reached as mgmt.contoso.local: give it its own certificate.
"$native" pki issue --ca ca/xprotect-certificate-authority.pfx --host mgmt.contoso.local --out certs >/dev/null 2>&1
sed -i 's#"certificate": "certs/rec1.contoso.local.crt" }#"certificate": "certs/mgmt.contoso.local.crt" }#' site.json
"$native" check site.json >/dev/null

openssl_verify="openssl verify -CAfile $ca $leaf"
native_verify="$native verify $leaf --ca $ca --host rec1.contoso.local"
any_verify="$any verify $leaf --ca $ca --host rec1.contoso.local"
native_check="$native check site.json"
any_check="$any check site.json"

hyperfine -N --warmup 3 --runs "$runs" --export-json verify.json \
  -n openssl "$openssl_verify" -n native "$native_verify" -n any "$any_verify" >&2
hyperfine -N --warmup 2 --runs "$runs" --export-json check.json -n native "$native_check" -n any "$any_check" >&2

median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$1"; }
peak_kib() { # median of 5 peak RSS readings
  for _ in 1 2 3 4 5; do /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p
}
o=$(median verify.json openssl); n=$(median verify.json native); a=$(median verify.json any)
cn=$(median check.json native); ca_=$(median check.json any)
# shellcheck disable=SC2086
mo=$(peak_kib $openssl_verify); mn=$(peak_kib $native_verify); ma=$(peak_kib $any_verify); mcn=$(peak_kib $native_check); mca=$(peak_kib $any_check)

printf '\n| command | median | vs openssl verify | peak memory |\n|---|---|---|---|\n'
awk -v o="$o" -v n="$n" -v a="$a" -v cn="$cn" -v ca="$ca_" -v mo="$mo" -v mn="$mn" -v ma="$ma" -v mcn="$mcn" -v mca="$mca" 'BEGIN {
  printf "| openssl verify (2-certificate chain) | %.1f ms | 1.00x | %.1f MiB |\n", o, mo / 1024
  printf "| mipsecure verify, native (AOT) | %.1f ms | **%.2fx** | %.1f MiB |\n", n, n / o, mn / 1024
  printf "| mipsecure verify, framework-dependent (any) | %.1f ms | %.2fx | %.1f MiB |\n", a, a / o, ma / 1024
  printf "| mipsecure check, 100-certificate site, native | %.1f ms | %.2fx | %.1f MiB |\n", cn, cn / o, mcn / 1024
  printf "| mipsecure check, 100-certificate site, any | %.1f ms | %.2fx | %.1f MiB |\n", ca, ca / o, mca / 1024
}'
echo "runs: $runs per command (hyperfine -N, warm-up 3); $(nproc) cores; $(openssl version); .NET SDK $(dotnet --version); $rid"
