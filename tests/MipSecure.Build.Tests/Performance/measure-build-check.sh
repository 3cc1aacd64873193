#!/usr/bin/env bash
# Measures the MipSecure build check as whole processes (the figures in docs/performance.md, "Build check"):
#   1. the check of a site with 100 server certificates, against the same site with one server;
#   2. a no-op incremental `dotnet build` of a project that uses the package, against the same project without it.
# Usage: measure-build-check.sh [runs]   (needs openssl and a built src/MipSecure.Build; prints a Markdown table)
set -euo pipefail
runs="${1:-5}"
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

# A CA and 100 server certificates (one shared key: key generation is not what is measured).
mkdir -p "$work/site/certs" && cd "$work/site/certs"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out root.crt -days 3650 -subj "/CN=Perf Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl genrsa -out server.key 2048 2>/dev/null
for i in $(seq 1 100); do
  host="rec$i.contoso.local"
  openssl req -new -key server.key -subj "/CN=$host" -out "rec$i.csr" 2>/dev/null
  printf "subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n" "$host" > "rec$i.ext"
  openssl x509 -req -in "rec$i.csr" -CA root.crt -CAkey ca.key -CAcreateserial -days 365 -extfile "rec$i.ext" -out "rec$i.crt" 2>/dev/null
done
cd "$work/site"
write_site() { # $1 file, $2 number of recording servers
  {
    echo '{ "trust": { "caCertificates": ["certs/root.crt"] }, "recordingServers": ['
    for i in $(seq 1 "$2"); do
      [ "$i" -gt 1 ] && echo ","
      echo "{ \"name\": \"Recorder $i\", \"webServerUri\": \"https://rec$i.contoso.local:7563/\", \"certificate\": \"certs/rec$i.crt\" }"
    done
    echo '] }'
  } > "$1"
}
write_site site-100.json 100
write_site site-1.json 1

# The package from the built project, restored into an isolated folder.
configuration="${CONFIGURATION:-Debug}"
dotnet pack "$repo/src/MipSecure.Build/MipSecure.Build.csproj" -c "$configuration" --no-build -o "$work/feed" -p:PackageVersion=0.0.0-perf -nologo >/dev/null
cat > "$work/NuGet.config" <<XML
<configuration><packageSources><add key="feed" value="$work/feed" /></packageSources>
<config><add key="globalPackagesFolder" value="$work/packages" /></config></configuration>
XML
make_project() { # $1 name, $2 extra ItemGroup content
  mkdir -p "$work/$1"
  cat > "$work/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup>$2</ItemGroup></Project>
XML
  echo "namespace Perf; public static class Marker { public static int Value => 1; }" > "$work/$1/Marker.cs"
  (cd "$work/$1" && dotnet build --disable-build-servers -nologo -v:q -tl:off "-p:MipSecureTrustConfig=$work/site/site-100.json" >/dev/null)
}
make_project WithPackage '<PackageReference Include="MipSecure.Build" Version="0.0.0-perf" />'
make_project WithoutPackage ''

milliseconds() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
task_ms() { # the task's own "in N ms", on a forced rerun (a new stamp date each time)
  (cd "$work/WithPackage" && dotnet build --no-restore --disable-build-servers -nologo -v:n -tl:off \
    "-p:MipSecureTrustConfig=$work/site/$1" "-p:_MipSecureCheckDate=run-$RANDOM$RANDOM") | sed -n 's/.*MipSecure: checked .* in \([0-9]*\) ms.*/\1/p' | head -1
}

check100=$(for _ in $(seq "$runs"); do task_ms site-100.json; done | median)
check1=$(for _ in $(seq "$runs"); do task_ms site-1.json; done | median)
(cd "$work/WithPackage" && dotnet build --no-restore --disable-build-servers -nologo -v:q -tl:off "-p:MipSecureTrustConfig=$work/site/site-100.json" >/dev/null)
# Alternate the two projects so that load from other processes on the machine falls on both alike.
: > "$work/with.txt"; : > "$work/without.txt"
for _ in $(seq "$runs"); do
  milliseconds bash -c "cd '$work/WithPackage' && dotnet build --no-restore --disable-build-servers -nologo -v:q -tl:off '-p:MipSecureTrustConfig=$work/site/site-100.json'" >> "$work/with.txt"
  milliseconds bash -c "cd '$work/WithoutPackage' && dotnet build --no-restore --disable-build-servers -nologo -v:q -tl:off" >> "$work/without.txt"
done
noopWith=$(median < "$work/with.txt")
noopWithout=$(median < "$work/without.txt")

# What the package's own targets cost inside a no-op build, from MSBuild's performance summary.
targetsMs=$(cd "$work/WithPackage" && dotnet build --no-restore --disable-build-servers -nologo -v:q -tl:off -clp:PerformanceSummary \
  "-p:MipSecureTrustConfig=$work/site/site-100.json" | awk '/_?MipSecure[A-Za-z]+ +[0-9]+ calls/ { sum += $1 } END { print sum + 0 }')

echo "| measurement (median of $runs) | time | ratio |"
echo "|---|---|---|"
echo "| check of a site with 100 certificates (task time) | ${check100} ms | $(awk "BEGIN { printf \"%.1fx\", $check100 / $check1 }") the 1-certificate site (${check1} ms) |"
echo "| per certificate | $(awk "BEGIN { printf \"%.1f\", $check100 / 100 }") ms | |"
echo "| no-op incremental build with the package (100-certificate site) | ${noopWith} ms | $(awk "BEGIN { printf \"%.2fx\", $noopWith / $noopWithout }") the same project without it (${noopWithout} ms) |"
echo "| of which the package's targets (MSBuild performance summary) | ${targetsMs} ms | |"
