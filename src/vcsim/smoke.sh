#!/usr/bin/env bash
# Smoke test of the Dunes lab's vSphere simulator.
#
# Builds vcsim and govc with build.sh (cached), starts vcsim on loopback with a
# throwaway certificate that govc and curl pin, and checks the inventory and
# every addition (see docs/lab.md) with govc and, where govc has no
# command for an API call, raw SOAP through curl.
#
# Usage: src/vcsim/smoke.sh      (SMOKE_ADDR=127.0.0.40 by default; port is picked free)
# Needs: bash, curl, openssl, awk. Last line: "N passed, N failed"; exit 1 on failure.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ADDR=${SMOKE_ADDR:-127.0.0.40}
LAB_USER='administrator@vsphere.local'
LAB_PASS='Smoke-Pass-1'

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+ -- $2}"; }
# expect NAME EXPECTED ACTUAL
expect() { if [[ $3 == "$2" ]]; then pass "$1"; else fail "$1" "expected [$2], got [$3]"; fi; }
# expect_match NAME EXTENDED-REGEX TEXT
expect_match() { if [[ $3 =~ $2 ]]; then pass "$1"; else fail "$1" "no match for [$2] in [${3:0:400}]"; fi; }
finish() { echo "$PASSED passed, $FAILED failed"; ((FAILED == 0)); exit; }

BIN=$("$HERE/build.sh" | tail -1) || { fail "build.sh"; finish; }
[[ -x $BIN/vcsim && -x $BIN/govc ]] || { fail "build.sh gave a directory with vcsim and govc" "$BIN"; finish; }
GOVC=$BIN/govc

WORK=$(mktemp -d)
SIM=
cleanup() {
    [[ -n $SIM ]] && kill "$SIM" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- start -------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=vcenter.lab.local" \
    -addext "subjectAltName=IP:$ADDR,DNS:vcenter.lab.local" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null || { fail "openssl certificate"; finish; }

mkfifo "$WORK/stdin"
ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(ms)
"$BIN/vcsim" -l "$ADDR:0" -tlscert "$WORK/cert.pem" -tlskey "$WORK/key.pem" \
    -username "$LAB_USER" -password "$LAB_PASS" -exit-on-stdin-eof -vapp-delay-scale 0.01 -tools-heartbeat-delay 1s -clone-duration 500ms \
    < "$WORK/stdin" > "$WORK/stdout" 2> "$WORK/stderr" &
SIM=$!
exec 9> "$WORK/stdin" # our end of its stdin; closing it must stop vcsim

URL=
for _ in $(seq 500); do
    URL=$(sed -n 's/^READY \(https:.*\)$/\1/p' "$WORK/stdout")
    [[ -n $URL ]] && break
    sleep 0.01
done
expect_match "readiness line 'READY <url>' on stdout" '^READY https://[0-9.]+:[0-9]+/sdk$' "$(cat "$WORK/stdout")"
[[ -n $URL ]] || { cat "$WORK/stderr"; finish; }
HOSTPORT=${URL#https://}
HOSTPORT=${HOSTPORT%/sdk}

ABOUT_MS=
for _ in $(seq 400); do
    if curl -sf --cacert "$WORK/cert.pem" -o /dev/null "https://$HOSTPORT/about"; then
        ABOUT_MS=$(($(ms) - T0))
        break
    fi
    sleep 0.005
done
if [[ -n $ABOUT_MS && $ABOUT_MS -le 2000 ]]; then
    pass "/about answers ${ABOUT_MS} ms after start (limit 2000 ms)"
else
    fail "/about within 2 s of start" "${ABOUT_MS:-no answer}"
fi

export GOVC_URL=$URL GOVC_USERNAME=$LAB_USER GOVC_PASSWORD=$LAB_PASS
export GOVC_TLS_CA_CERTS=$WORK/cert.pem GOVC_DATACENTER=LabDC
export GOVC_PERSIST_SESSION=false # log in every time; no session files in $HOME
unset GOVC_INSECURE
govc() { "$GOVC" "$@"; }

expect_match "govc logs in over the pinned certificate" 'Dunes lab simulator' "$(govc about 2>&1)"
expect_match "a wrong password is refused" 'incorrect user name or password|[Ll]ogin failure' \
    "$(GOVC_PASSWORD=wrong "$GOVC" about 2>&1)"

# --- inventory -----------------------------------------------------------------
expect "datacenter LabDC" "/LabDC" "$(govc find / -type d)"
expect "cluster LabCluster" "/LabDC/host/LabCluster" "$(govc find / -type c)"
expect "2 hosts in LabCluster" "2" "$(govc find /LabDC/host/LabCluster -type h | wc -l)"
expect "datastore LabDatastore" "/LabDC/datastore/LabDatastore" "$(govc find / -type s)"
expect "network VM Network" "/LabDC/network/VM Network" "$(govc find / -type n)"
expect "VM folder vCO" "/LabDC/vm/vCO" "$(govc find /LabDC/vm -type f -name vCO)"
expect "LabCluster has DRS enabled" "true" "$(govc object.collect -s /LabDC/host/LabCluster configurationEx.drsConfig.enabled)"
expect "no pre-made VMs" "" "$(govc find / -type m)"

# --- raw SOAP helpers (for calls govc has no command for) ----------------------
soap() {
    curl -s --cacert "$WORK/cert.pem" -b "$WORK/cookies" -c "$WORK/cookies" \
        -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: "urn:vim25/6.5"' \
        --data-binary "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>$1</soapenv:Body></soapenv:Envelope>" \
        "$URL"
}
# task state of a *_Task response (vcsim runs tasks before it answers)
task_state() {
    local t
    t=$(sed -n 's/.*<returnval type="Task">\([^<]*\)<.*/\1/p' <<< "$1")
    [[ -n $t ]] && govc object.collect -s "Task:$t" info.state || echo "no task: ${1:0:300}"
}
ref() { govc find -i "$@" | head -1 | cut -d: -f2; } # moref value of a find result
compact() { tr -d ' \n'; }                          # govc -json output on one line

soap "<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this><userName>$LAB_USER</userName><password>$LAB_PASS</password></Login>" > /dev/null

DC=$(ref / -type d)
RAW=$(soap "<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet><type>Datacenter</type><pathSet>parent</pathSet></propSet><objectSet><obj type=\"Datacenter\">$DC</obj></objectSet></specSet></RetrieveProperties>")
expect_match "SOAP: type=\"...\" comes before xsi:type on a ManagedObjectReference" \
    '<val type="Folder"[^>]* [A-Za-z-]+:type="ManagedObjectReference">' "$RAW"

# --- single-VM OVF import with a ProductSection property -----------------------
OVF_DIR="$HERE/../test/resources/ovf" # the same appliance fixture the Java tests import
cp "$OVF_DIR"/vco-appliance.ovf "$OVF_DIR"/vco-appliance-disk.vmdk "$WORK/"
cat > "$WORK/options.json" <<'EOF'
{ "PropertyMapping": [ { "Key": "vco.hostname", "Value": "vcvco1.lab.local" } ] }
EOF
if govc import.ovf -options "$WORK/options.json" -ds LabDatastore -pool /LabDC/host/LabCluster/Resources \
        -folder /LabDC/vm/vCO -name vco1 "$WORK/vco-appliance.ovf" > "$WORK/import.log" 2>&1; then
    pass "import.ovf of a single-VM OVF (lease and disk upload)"
else
    fail "import.ovf" "$(tail -2 "$WORK/import.log")"
fi
VAPP1=$(govc object.collect -json vm/vCO/vco1 config.vAppConfig | compact)
expect_match "OVF property value from propertyMapping is a vApp property" \
    '"Id":"vco.hostname"[^}]*"DefaultValue":"unset.lab.local","Value":"vcvco1.lab.local"' "$VAPP1"
expect_match "OVF property default kept (not user configurable)" \
    '"Id":"vco.port"[^}]*"UserConfigurable":false,"DefaultValue":"8281"' "$VAPP1"
expect_match "OVF product and transport" '"Name":"vCenterOrchestratorAppliance\(labstand-in\)".*"OvfEnvironmentTransport":\["com.vmware.guestInfo"\]' "$VAPP1"

sed -e 's/<VirtualSystem ovf:id="vCO_Appliance">/<VirtualSystemCollection ovf:id="pair"><Info>two<\/Info><VirtualSystem ovf:id="vCO_Appliance">/' \
    -e 's/<\/VirtualSystem>/<\/VirtualSystem><\/VirtualSystemCollection>/' "$WORK/vco-appliance.ovf" > "$WORK/multi.ovf"
expect_match "multi-VM OVF: a clear fault instead of a dropped connection" 'single-VM OVF' \
    "$(govc import.ovf -ds LabDatastore -pool /LabDC/host/LabCluster/Resources -folder vCO -name multi "$WORK/multi.ovf" 2>&1)"

# --- ReconfigVM with spec.vAppConfig: edit, add, remove -----------------------
VM1=$(ref vm -name vco1)
RES=$(soap "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM1</_this><spec><vAppConfig xsi:type=\"VmConfigSpec\"><property><operation>add</operation><info><key>7</key><id>vco.role</id><type>string</type><value>primary</value></info></property><property><operation>edit</operation><info><key>0</key><value>vcvco1.lab.local</value><description>edited</description></info></property><property><operation>remove</operation><removeKey xsi:type=\"xsd:int\">1</removeKey></property></vAppConfig></spec></ReconfigVM_Task>")
expect "ReconfigVM_Task with vAppConfig" "success" "$(task_state "$RES")"
VAPP1=$(govc object.collect -json vm/vCO/vco1 config.vAppConfig | compact)
expect_match "ReconfigVM: property added" '"Key":7,[^}]*"Id":"vco.role"[^}]*"Value":"primary"' "$VAPP1"
expect_match "ReconfigVM: property edited" '"Id":"vco.hostname"[^}]*"Description":"edited"' "$VAPP1"
if [[ $VAPP1 == *'"Id":"vco.port"'* ]]; then fail "ReconfigVM: property removed"; else pass "ReconfigVM: property removed"; fi
RES=$(soap "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM1</_this><spec><vAppConfig xsi:type=\"VmConfigSpec\"><property><operation>add</operation><info><key>7</key><id>dup</id></info></property></vAppConfig></spec></ReconfigVM_Task>")
expect "ReconfigVM: a duplicate property key fails the task" "error" "$(task_state "$RES")"

# --- clone ---------------------------------------------------------------------
govc vm.clone -vm vco1 -folder vCO -ds LabDatastore -on=false vco2 > /dev/null 2>&1
expect_match "CloneVM_Task (govc) copies vApp properties" '"Id":"vco.hostname"[^}]*"Value":"vcvco1.lab.local"' \
    "$(govc object.collect -json vm/vCO/vco2 config.vAppConfig | compact)"
FOLDER=$(ref /LabDC/vm -type f -name vCO)
RES=$(soap "<CloneVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM1</_this><folder type=\"Folder\">$FOLDER</folder><name>vco3</name><spec><location/><config><vAppConfig xsi:type=\"VmConfigSpec\"><property><operation>edit</operation><info><key>0</key><value>vcvco3.lab.local</value></info></property></vAppConfig></config><template>false</template><powerOn>false</powerOn></spec></CloneVM_Task>")
# -clone-duration 500ms: the call answers with the task running, the clone comes when the copy ends
expect "CloneVM_Task answers with its task running (-clone-duration)" "running" "$(task_state "$RES")"
expect "no clone while the copy runs" "" "$(govc find -i vm/vCO -type m -name vco3)"
sleep 0.7
expect "CloneVM_Task with spec.config.vAppConfig" "success" "$(task_state "$RES")"
expect_match "the copy noted as an imposed duration" 'DUNES-IMPOSED \{"system":"vsphere","target":"vco3","call":"CloneVM_Task","start":"[^"]+","nanos":5[0-9]{8}\}' \
    "$(cat "$WORK/stderr")"
expect_match "clone spec's vAppConfig applied to the clone" '"Id":"vco.hostname"[^}]*"Value":"vcvco3.lab.local"' \
    "$(govc object.collect -json vm/vCO/vco3 config.vAppConfig | compact)"
govc vm.clone -vm vco1 -folder vCO -ds LabDatastore -on=false vco4 > /dev/null 2>&1

# --- VMware Tools settings: merged by ReconfigVM, copied by CloneVM ----------------
tools() { soap "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM1</_this><spec><tools>$1</tools></spec></ReconfigVM_Task>"; }
expect "ReconfigVM tools.syncTimeWithHost" "success" "$(task_state "$(tools '<syncTimeWithHost>true</syncTimeWithHost>')")"
tools '<afterPowerOn>true</afterPowerOn>' > /dev/null
expect "ReconfigVM of another tools field keeps syncTimeWithHost" "true true" \
    "$(echo $(govc object.collect -s vm/vCO/vco1 config.tools.syncTimeWithHost config.tools.afterPowerOn))"
govc vm.clone -vm vco1 -folder vCO -ds LabDatastore -on=false vco5 > /dev/null 2>&1
expect "CloneVM_Task copies the tools settings" "true" "$(govc object.collect -s vm/vCO/vco5 config.tools.syncTimeWithHost)"

# --- power ---------------------------------------------------------------------
state() { govc object.collect -s "vm/vCO/$1" runtime.powerState; }
# waits for the guest's Tools heartbeat (-tools-heartbeat-delay 1s)
await_tools() {
    local beat
    for _ in $(seq 100); do
        beat=$(govc object.collect -s "vm/vCO/$1" guestHeartbeatStatus)
        [[ $beat == green ]] && return 0
        sleep 0.05
    done
    return 1
}
govc vm.power -on vco2 > /dev/null 2>&1
expect "power on" "poweredOn" "$(state vco2)"
expect "no Tools heartbeat right after power on" "gray guestToolsNotRunning" \
    "$(echo $(govc object.collect -s vm/vCO/vco2 guestHeartbeatStatus guest.toolsRunningStatus))"
# vSphere API, vim.VirtualMachine ShutdownGuest/RebootGuest: ToolsUnavailable "if VMware Tools is not running"
VM2=$(ref vm -name vco2)
RAW=$(soap "<ShutdownGuest xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM2</_this></ShutdownGuest>")
expect_match "ShutdownGuest before the Tools heartbeat: fault ToolsUnavailable" ':type="ToolsUnavailable"' "$RAW"
OUT=$(govc vm.power -s vco2 2>&1)
expect_match "govc vm.power -s before the heartbeat is refused" 'VMware Tools is not running' "$OUT"
expect "a refused guest shutdown leaves the VM on" "poweredOn" "$(state vco2)"
RAW=$(soap "<RebootGuest xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM2</_this></RebootGuest>")
expect_match "RebootGuest before the Tools heartbeat: fault ToolsUnavailable" ':type="ToolsUnavailable"' "$RAW"
await_tools vco2
expect "Tools heartbeat after -tools-heartbeat-delay" "green guestToolsRunning running" \
    "$(echo $(govc object.collect -s vm/vCO/vco2 guestHeartbeatStatus guest.toolsRunningStatus guest.guestState))"
govc vm.power -off vco2 > /dev/null 2>&1
expect "power off" "poweredOff" "$(state vco2)"
expect_match "ShutdownGuest of a powered-off VM: fault InvalidPowerState" ':type="InvalidPowerState"' \
    "$(soap "<ShutdownGuest xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM2</_this></ShutdownGuest>")"
govc vm.power -on vco2 > /dev/null 2>&1
await_tools vco2
govc vm.power -s vco2 > /dev/null 2>&1
expect "guest shutdown (ShutdownGuest) once Tools run" "poweredOff" "$(state vco2)"
govc vm.power -on vco2 > /dev/null 2>&1
await_tools vco2
if govc vm.power -r vco2 > /dev/null 2>&1 && [[ $(state vco2) == poweredOn ]]; then
    pass "guest reboot (RebootGuest) once Tools run"
else
    fail "guest reboot (RebootGuest) once Tools run"
fi
expect_match "after a guest reboot, no guest shutdown until the heartbeat returns" 'VMware Tools is not running' \
    "$(govc vm.power -s vco2 2>&1)"
# govc's own check of the fault's type: -force powers off when the guest shutdown meets ToolsUnavailable
govc vm.power -s -force vco2 > /dev/null 2>&1
expect "govc vm.power -s -force: a power-off in place of a ToolsUnavailable guest shutdown" "poweredOff" "$(state vco2)"
govc vm.power -on vco2 > /dev/null 2>&1
govc vm.power -suspend vco2 > /dev/null 2>&1
expect_match "ShutdownGuest of a suspended VM: fault InvalidPowerState" ':type="InvalidPowerState"' \
    "$(soap "<ShutdownGuest xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$VM2</_this></ShutdownGuest>")"
govc vm.power -off vco2 > /dev/null 2>&1

# --- vApp ------------------------------------------------------------------------
RP=$(ref /LabDC/host/LabCluster -type p -name Resources)
ALLOC='<reservation>0</reservation><expandableReservation>true</expandableReservation><limit>-1</limit><shares><shares>4000</shares><level>normal</level></shares>'
RES=$(soap "<CreateVApp xmlns=\"urn:vim25\"><_this type=\"ResourcePool\">$RP</_this><name>vco-vapp</name><resSpec><cpuAllocation>$ALLOC</cpuAllocation><memoryAllocation>$ALLOC</memoryAllocation></resSpec><configSpec><product><operation>add</operation><info><key>0</key><name>vCO cluster</name><vendor>Dunes</vendor></info></product><property><operation>add</operation><info><key>0</key><id>cluster.name</id><type>string</type><value>vcvco</value></info></property><annotation>smoke</annotation></configSpec><vmFolder type=\"Folder\">$FOLDER</vmFolder></CreateVApp>")
VA=$(sed -n 's/.*<returnval type="VirtualApp">\([^<]*\)<.*/\1/p' <<< "$RES")
expect_match "CreateVApp" '^resgroup-v?[0-9]+$|^virtualapp-[0-9]+$' "$VA"
VAPATH=/LabDC/host/LabCluster/Resources/vco-vapp
expect "vApp found under its parent resource pool" "$VAPATH" "$(govc find / -type a)"
RAW=$(soap "<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet><type>VirtualApp</type><pathSet>summary</pathSet></propSet><objectSet><obj type=\"VirtualApp\">$VA</obj></objectSet></specSet></RetrieveProperties>")
expect_match "vApp summary is a VirtualAppSummary (stopped)" ':type="VirtualAppSummary".*<vAppState>stopped</vAppState>' "$RAW"
expect_match "vApp vAppConfig readable (property, product)" '"Id":"cluster.name"[^}]*"Value":"vcvco".*|"Name":"vCOcluster"' \
    "$(govc object.collect -json "$VAPATH" vAppConfig | compact)"

VM=()
for n in vco1 vco2 vco3 vco4; do VM+=("$(ref vm -name $n)"); done
# Move in a scrambled order: the start order must come from entityConfig, not from the move.
RES=$(soap "<MoveIntoResourcePool xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><list type=\"VirtualMachine\">${VM[2]}</list><list type=\"VirtualMachine\">${VM[0]}</list><list type=\"VirtualMachine\">${VM[1]}</list></MoveIntoResourcePool>")
expect_match "MoveIntoResourcePool of 3 VMs into the vApp" 'MoveIntoResourcePoolResponse' "$RES"
expect "vApp holds the 3 VMs" "3" "$(govc object.collect -s "$VAPATH" vm | tr ',' '\n' | grep -c VirtualMachine)"
expect "moved VM's resourcePool is the vApp" "VirtualApp:$VA" "$(govc object.collect -s vm/vCO/vco1 resourcePool)"
expect "moved VM's parentVApp is the vApp" "VirtualApp:$VA" "$(govc object.collect -s vm/vCO/vco1 parentVApp)"

ENTITIES=
for i in 1 2 3; do
    ENTITIES+="<entityConfig><key type=\"VirtualMachine\">${VM[i - 1]}</key><startOrder>$i</startOrder><startDelay>${i}0</startDelay><waitingForGuest>false</waitingForGuest><startAction>powerOn</startAction><stopDelay>5</stopDelay><stopAction>powerOff</stopAction></entityConfig>"
done
RES=$(soap "<UpdateVAppConfig xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><spec><property><operation>edit</operation><info><key>0</key><value>vcvco.lab.local</value></info></property>$ENTITIES</spec></UpdateVAppConfig>")
expect_match "UpdateVAppConfig" 'UpdateVAppConfigResponse' "$RES"
CFG=$(govc object.collect -json "$VAPATH" vAppConfig | compact)
for i in 1 2 3; do
    expect_match "entityConfig vco$i: startOrder $i, startDelay ${i}0 read back" \
        "\"Value\":\"${VM[i - 1]}\"},\"Tag\":\"vco$i\",\"StartOrder\":$i,\"StartDelay\":${i}0,\"WaitingForGuest\":false,\"StartAction\":\"powerOn\",\"StopDelay\":5" "$CFG"
done
expect_match "vApp property edited by UpdateVAppConfig" '"Id":"cluster.name"[^}]*"Value":"vcvco.lab.local"' "$CFG"
RES=$(soap "<UpdateVAppConfig xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><spec><entityConfig><key type=\"VirtualMachine\">${VM[3]}</key><startOrder>1</startOrder></entityConfig></spec></UpdateVAppConfig>")
expect_match "UpdateVAppConfig refuses an entity that is not in the vApp" 'InvalidArgument' "$RES"

# Power the vApp on; the VMs' power-on events must follow the start order.
T_ON=$(ms)
govc vapp.power -on "$VAPATH" > /dev/null 2>&1
T_ON=$(($(ms) - T_ON))
# startDelay 10 s and 20 s after groups 1 and 2, scaled by -vapp-delay-scale 0.01: >= 300 ms
if ((T_ON >= 300 && T_ON < 3000)); then
    pass "vApp power on waits the scaled start delays (${T_ON} ms)"
else
    fail "vApp power on waits the scaled start delays" "${T_ON} ms"
fi
expect "vApp power on: all 3 VMs on" "poweredOn poweredOn poweredOn" "$(echo $(state vco1) $(state vco2) $(state vco3))"
expect "vApp state started" "started" "$(govc object.collect -s "$VAPATH" summary.vAppState)"
# last "is powered on" event of each VM, as "time name", sorted by time
last_event() { # $1 message pattern, $2.. VM names
    local pat=$1 n
    shift
    for n in "$@"; do
        govc events -n 200 -json "vm/vCO/$n" | awk -v pat="$pat" -v n="$n" '
            /"CreatedTime"/ { t = $2 } /"Message"/ && $0 ~ pat { last = t } END { print last, n }'
    done | sort | awk '{ printf "%s%s", sep, $2; sep = " " }'
}
expect "vApp power on follows start order (event log)" "vco1 vco2 vco3" "$(last_event 'is powered on' vco1 vco2 vco3)"
govc vapp.power -off "$VAPATH" > /dev/null 2>&1
expect "vApp power off: all 3 VMs off" "poweredOff poweredOff poweredOff" "$(echo $(state vco1) $(state vco2) $(state vco3))"
expect "vApp power off goes in reverse start order" "vco3 vco2 vco1" "$(last_event 'is powered off' vco1 vco2 vco3)"
expect "vApp state stopped" "stopped" "$(govc object.collect -s "$VAPATH" summary.vAppState)"

# waitingForGuest: the next group starts at the heartbeat (1 s), the 500 s (x 0.01 = 5 s) delay ignored
ENTITIES=
for i in 1 2 3; do
    ENTITIES+="<entityConfig><key type=\"VirtualMachine\">${VM[i - 1]}</key><startDelay>500</startDelay><waitingForGuest>true</waitingForGuest></entityConfig>"
done
soap "<UpdateVAppConfig xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><spec>$ENTITIES</spec></UpdateVAppConfig>" > /dev/null
T_ON=$(ms)
govc vapp.power -on "$VAPATH" > /dev/null 2>&1
T_ON=$(($(ms) - T_ON))
if ((T_ON >= 2000 && T_ON < 5000)); then
    pass "vApp power on with waitingForGuest waits the heartbeats, not the delays (${T_ON} ms)"
else
    fail "vApp power on with waitingForGuest waits the heartbeats, not the delays" "${T_ON} ms"
fi
expect "vApp power on with waitingForGuest follows start order" "vco1 vco2 vco3" "$(last_event 'is powered on' vco1 vco2 vco3)"
govc vapp.power -off "$VAPATH" > /dev/null 2>&1

# stopAction guestShutdown on vco3, the last to start (nothing waits for its heartbeat) and the first to stop
stop_action() {
    soap "<UpdateVAppConfig xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><spec><entityConfig><key type=\"VirtualMachine\">${VM[2]}</key><stopAction>$1</stopAction></entityConfig></spec></UpdateVAppConfig>" > /dev/null
}
power_off_vapp() { soap "<PowerOffVApp_Task xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this><force>$1</force></PowerOffVApp_Task>"; }
# a task's info.error, raw (govc -json drops the faults' types)
task_error() {
    local t
    t=$(sed -n 's/.*<returnval type="Task">\([^<]*\)<.*/\1/p' <<< "$1")
    soap "<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet><type>Task</type><pathSet>info.error</pathSet></propSet><objectSet><obj type=\"Task\">$t</obj></objectSet></specSet></RetrieveProperties>"
}
stop_action guestShutdown
govc vapp.power -on "$VAPATH" > /dev/null 2>&1
RES=$(power_off_vapp false)
expect "PowerOffVApp_Task: a guestShutdown member without Tools running fails the task" "error" "$(task_state "$RES")"
expect_match "... with InvalidState, caused by the member's ToolsUnavailable" \
    ':type="InvalidState".*<faultCause><fault [^>]*:type="ToolsUnavailable"' "$(task_error "$RES")"
expect "... the member and the ones after it stay on, the vApp started" "poweredOn poweredOn poweredOn started" \
    "$(echo $(state vco1) $(state vco2) $(state vco3) $(govc object.collect -s "$VAPATH" summary.vAppState))"
await_tools vco3
expect "PowerOffVApp_Task once the member's Tools run" "success" "$(task_state "$(power_off_vapp false)")"
expect "... shuts its guest down and powers the others off" "poweredOff poweredOff poweredOff" \
    "$(echo $(state vco1) $(state vco2) $(state vco3))"
expect_match "... the member's guest shut down (VmGuestShutdownEvent)" 'Guest OS shut down' "$(govc events vm/vCO/vco3 2>&1)"
govc vapp.power -on "$VAPATH" > /dev/null 2>&1
expect "PowerOffVApp_Task with force powers off whatever the stop actions" "success" "$(task_state "$(power_off_vapp true)")"
expect "... all 3 VMs off" "poweredOff poweredOff poweredOff" "$(echo $(state vco1) $(state vco2) $(state vco3))"
stop_action powerOff

RES=$(soap "<RelocateVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">${VM[3]}</_this><spec><pool type=\"VirtualApp\">$VA</pool></spec></RelocateVM_Task>")
expect "RelocateVM_Task into the vApp" "success" "$(task_state "$RES")"
expect "relocated VM is in the vApp" "VirtualApp:$VA" "$(govc object.collect -s vm/vCO/vco4 resourcePool)"
RES=$(soap "<MoveIntoResourcePool xmlns=\"urn:vim25\"><_this type=\"ResourcePool\">$RP</_this><list type=\"VirtualMachine\">${VM[3]}</list></MoveIntoResourcePool>")
expect "MoveIntoResourcePool out of the vApp" "ResourcePool:$RP" "$(govc object.collect -s vm/vCO/vco4 resourcePool)"
CFG=$(govc object.collect -json "$VAPATH" vAppConfig | compact)
if [[ $CFG == *"\"${VM[3]}\""* ]]; then fail "moved-out VM left the vApp's entityConfig"; else pass "moved-out VM left the vApp's entityConfig"; fi

govc vapp.power -on "$VAPATH" > /dev/null 2>&1
RES=$(soap "<Destroy_Task xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this></Destroy_Task>")
expect "Destroy_Task of a running vApp fails" "error" "$(task_state "$RES")"
govc vapp.power -off "$VAPATH" > /dev/null 2>&1
RES=$(soap "<Destroy_Task xmlns=\"urn:vim25\"><_this type=\"VirtualApp\">$VA</_this></Destroy_Task>")
expect "Destroy_Task of a stopped vApp" "success" "$(task_state "$RES")"
expect "the vApp's VMs went with it" "/LabDC/vm/vCO/vco4 /LabDC/vm/vCO/vco5" "$(echo $(govc find / -type m | sort))"

# --- DRS (last: a second cluster makes govc's default pool ambiguous) ----------------
govc cluster.create NoDrs > /dev/null 2>&1
govc cluster.change -drs-enabled=false /LabDC/host/NoDrs > /dev/null 2>&1
expect "ReconfigureComputeResource turns DRS off" "false" "$(govc object.collect -s /LabDC/host/NoDrs configurationEx.drsConfig.enabled)"
expect_match "no resource pool in a cluster without DRS" 'NotSupported|not supported' \
    "$(govc pool.create /LabDC/host/NoDrs/Resources/p 2>&1)"

# --- exit on stdin EOF -------------------------------------------------------------
exec 9>&-
for _ in $(seq 300); do kill -0 "$SIM" 2>/dev/null || break; sleep 0.01; done
if kill -0 "$SIM" 2>/dev/null; then
    fail "vcsim exits when its stdin reaches EOF"
else
    pass "vcsim exits when its stdin reaches EOF"
    SIM=
fi
expect "nothing else on stdout" "1" "$(wc -l < "$WORK/stdout")"

finish
