#!/usr/bin/env bash
# End-to-end test of a sweep as a Slurm job array, on a single-node cluster on loopback.
#
# What it does:
#   1. installs Slurm and MUNGE from Debian's packages where they are missing (or says it
#      cannot and skips, exit 0);
#   2. starts a private munged, slurmctld and slurmd (own ports, own state in a temp folder);
#   3. submits the shipped sweep as a 3-task job array with --shard-from-env, where task 2 is
#      made to fail, and checks that Slurm reports the failure and that merge refuses the
#      incomplete set;
#   4. resubmits task 2 alone, merges, and compares the result byte for byte with a local
#      unsharded run;
#   5. stops the daemons it started, by their process ids.
#
# Run it from the repository root:  tests/slurm/run.sh   (as root, or with sudo rights)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

say() { printf '== slurm test: %s\n' "$*"; }
skip() { say "SKIPPED: $*"; exit 0; }

# ---- 1. packages -----------------------------------------------------------------------
need=()
for cmd in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
  command -v "${cmd%%:*}" >/dev/null 2>&1 || need+=("${cmd##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    skip "Slurm is not installed and this user cannot install packages"
  fi
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo_cmd apt-get install -y --no-install-recommends "${need[@]}" >/tmp/staffsim-slurm-apt.log 2>&1; then
    $sudo_cmd apt-get update >>/tmp/staffsim-slurm-apt.log 2>&1 || true
    $sudo_cmd apt-get install -y --no-install-recommends "${need[@]}" >>/tmp/staffsim-slurm-apt.log 2>&1 \
      || skip "the packages ${need[*]} cannot be installed here (see /tmp/staffsim-slurm-apt.log)"
  fi
fi
[ "$(id -u)" -eq 0 ] || skip "the private slurmd must run as root"

# ---- 2. a private cluster ---------------------------------------------------------------
cargo build --release --quiet
staffsim="$root/target/release/staffsim"
work=$(mktemp -d /tmp/staffsim-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

host=$(hostname -s)
mkdir -p "$work/state" "$work/spool" "$work/munge" "$work/out" "$work/logs"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1 count=1024 status=none
chmod 700 "$work/munge"; chmod 600 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munge.seed"
for _ in $(seq 50); do [ -s "$work/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/munge/munged.pid")")

cpus=$(nproc)
cat >"$work/slurm.conf" <<CONF
ClusterName=staffsim
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -f "$SLURM_CONF" >"$work/logs/slurmctld.out" 2>&1 & pids+=("$!")
slurmd -D -f "$SLURM_CONF" >"$work/logs/slurmd.out" 2>&1 & pids+=("$!")
for _ in $(seq 100); do
  sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed)' && break
  sleep 0.2
done
sinfo -h -o '%T' | grep -qE '^(idle|mixed)' || { tail -20 "$work"/logs/*; say "FAILED: the node did not come up"; exit 1; }
say "cluster up on $host with $cpus CPUs"

# ---- 3. the job array, one task failing --------------------------------------------------
scenario="$root/scenarios/sweep_containment_headcount.toml"
cat >"$work/task.sh" <<TASK
#!/bin/bash
# Task $((2)) fails on purpose the first time, to show that a failure is reported.
if [ "\$SLURM_ARRAY_TASK_ID" = "\${FAIL_TASK:-none}" ]; then echo "failing on purpose" >&2; exit 3; fi
exec env STAFFSIM="$staffsim" bash "$root/examples/slurm/sweep.sbatch" "\$@"
TASK
chmod +x "$work/task.sh"

wait_for() { # job id: wait until no task is pending or running
  for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$1" -o '%i' 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  say "FAILED: job $1 did not finish"; squeue; exit 1
}
state_of() { scontrol show job "$1_$2" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }

common=(--export=ALL,STAFFSIM_SHARDS=3,FAIL_TASK=2 --chdir="$work" --output="$work/logs/%A_%a.out")
job=$(sbatch --parsable --array=1-3 "${common[@]}" "$work/task.sh" "$scenario" "$work/out" --replications 2)
say "submitted array job $job (tasks 1-3, task 2 set to fail)"
wait_for "$job"
for t in 1 2 3; do say "task $t: $(state_of "$job" "$t")"; done
[ "$(state_of "$job" 2)" = "FAILED" ] || { say "FAILED: task 2 should be reported FAILED"; exit 1; }
[ "$(state_of "$job" 1)" = "COMPLETED" ] && [ "$(state_of "$job" 3)" = "COMPLETED" ] \
  || { cat "$work"/logs/*.out; say "FAILED: tasks 1 and 3 should complete"; exit 1; }
say "the failure of task 2 is reported by Slurm: $(scontrol show job "${job}_2" | grep -o 'ExitCode=[0-9:]*')"
if "$staffsim" merge "$work"/out/shard-* --out "$work/merged" 2>"$work/merge.err"; then
  say "FAILED: merge accepted an incomplete set of shards"; exit 1
fi
say "merge refuses the incomplete set: $(cat "$work/merge.err")"

# ---- 4. resubmit the failed task, merge, compare ------------------------------------------
retry=$(sbatch --parsable --array=2 --export=ALL,STAFFSIM_SHARDS=3 --chdir="$work" \
  --output="$work/logs/%A_%a.out" "$work/task.sh" "$scenario" "$work/out" --replications 2)
wait_for "$retry"
[ "$(state_of "$retry" 2)" = "COMPLETED" ] || { cat "$work"/logs/*.out; say "FAILED: the resubmitted task"; exit 1; }
"$staffsim" merge "$work"/out/shard-* --out "$work/merged"
"$staffsim" sweep "$scenario" --replications 2 --quiet --out "$work/local" >/dev/null
for f in manifest.json results.csv replications.csv differences.csv pareto.csv; do
  cmp "$work/local/$f" "$work/merged/$f" || { say "FAILED: $f differs from the local run"; exit 1; }
done
say "PASSED: 3 Slurm shards merged equal the local run byte for byte"
rm -rf "$work"
