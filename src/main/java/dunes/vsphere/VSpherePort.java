package dunes.vsphere;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What the build's vSphere steps ask of a vCenter. Every verb converges: it reads first, adopts an
 * object that already exists as asked, refuses ({@link VSphereConflictException}) one that exists
 * differently, and acts only on what is missing, so a retried or replayed job makes no duplicate.
 * Long operations are start + poll: {@code start...} returns a {@link TaskRef} to store, and
 * {@link #poll} reads it, one short call each, so no job holds a thread while vSphere works.
 */
public interface VSpherePort {

  /** The request's names as managed objects; {@link VSphereNotFoundException} names the first missing one. */
  Inventory locate(VCenterTarget target);

  /**
   * What the vCenter is (its {@code about}) and what it has where the request points: read only, it changes
   * nothing (the probe before a build).
   */
  VCenterSurvey survey(VCenterTarget target);

  /** The VM with this name anywhere in the vCenter; empty when there is none. */
  Optional<VmInfo> findVm(String name);

  /**
   * Deploys an OVF as one VM with its OVF properties, mapping the descriptor's networks to the
   * inventory's network. An existing VM of that name with the same properties is adopted.
   *
   * <p>The import runs inside this call — lease wait bounded by {@code dunes.vsphere.lease-wait},
   * disk upload with progress, the lease aborted on any failure — and the returned handle is
   * already done. A build does not call it from a job (its lock would have to outlast the upload):
   * it marks the import and runs {@link #beginOvfImport} and {@link #finishOvfImport} on a worker
   * thread ({@code dunes.vsphere.steps.OvfImports}).
   */
  default TaskRef startOvfImport(Inventory where, OvfImport request) {
    return startOvfImport(where, request, percent -> {});
  }

  /** As {@link #startOvfImport(Inventory, OvfImport)}, telling {@code progress} the upload's percentage as it goes. */
  TaskRef startOvfImport(Inventory where, OvfImport request, IntConsumer progress);

  /**
   * The first half of an import, made once: import spec and ImportVApp, no look for an existing VM
   * (the caller's marker decides that). vCenter holds the returned lease from here on.
   */
  ImportLease beginOvfImport(Inventory where, OvfImport request);

  /**
   * The second half, long and meant for a worker thread, not a job: waits for the lease (bounded by
   * {@code dunes.vsphere.lease-wait}), tells {@code vmKnown} the VM it makes, uploads the disks
   * (each bounded by {@code dunes.vsphere.upload-timeout}) with {@code progress}, completes the lease
   * and returns the VM; on any failure aborts the lease and removes the VM it left, then throws.
   */
  Moref finishOvfImport(ImportLease lease, Consumer<Moref> vmKnown, IntConsumer progress);

  /** An import's lease as vCenter shows it now: GONE once vCenter has dropped it. */
  LeaseState readLease(Moref lease);

  /** Aborts a live import lease (vCenter removes the VM it was making); a lease already ended is left as it is. */
  void abortLease(Moref lease, String why);

  /** The VM with this moref; empty when vCenter has none. */
  Optional<VmInfo> findVm(Moref vm);

  /** Every VM with this name (several when something made duplicates). */
  List<VmInfo> findVms(String name);

  /**
   * A clone of {@code source} that vCenter still runs (its recent tasks: entity {@code source},
   * CloneVM_Task, queued or running, queued no earlier than {@code queuedSince} epoch millis), the newest
   * of them that is none of {@code others} (the tasks other clones of the build recorded): what a retry
   * waits for instead of cloning again when its marker says a clone was asked for but not which task
   * answered.
   */
  Optional<TaskRef> findCloneInFlight(String source, long queuedSince, java.util.Set<Moref> others);

  /**
   * Clones {@code source} (powered off or not) into the inventory's folder and pool with its vApp
   * properties edited to {@code properties} (environment keys that the source has) and time sync with the host
   * on. A clone already made so is adopted; one without time sync gets it (the returned task sets it).
   */
  TaskRef startClone(Inventory where, String source, String name, Map<String, String> properties, String buildTag);

  /**
   * Sets CPU count and memory and turns on VMware Tools' time sync with the host
   * ({@code config.tools.syncTimeWithHost}), in one ReconfigVM; already so means nothing to do. CPU and memory
   * change only while the VM is powered off; time sync alone in any power state.
   */
  TaskRef startResize(String vm, int cpus, long memoryMb);

  /**
   * Turns on VMware Tools' time sync with the host ({@code config.tools.syncTimeWithHost}; the vCO cluster needs
   * synchronised clocks); already on means nothing to do.
   */
  TaskRef startTimeSync(String vm);

  TaskRef startPowerOn(String vm);

  TaskRef startPowerOff(String vm);

  /**
   * Asks the guest to shut down and returns at once; poll {@link #findVm} for POWERED_OFF. Nothing to do
   * when the VM is already off. vCenter needs VMware Tools running in the guest: while they are not
   * ({@link VmInfo#toolsRunning()}), it refuses, and this throws {@link VSphereToolsUnavailableException}.
   */
  void shutdownGuest(String vm);

  TaskState poll(TaskRef ref);

  /**
   * A vApp holding {@code members}, started in the given order (start order 1..N) with
   * {@code startDelaySeconds} between them (not waiting for the guest's Tools heartbeat, which would skip the
   * delay), stopped by guest shutdown.
   * Created when absent, adopted when it already is so; a vApp of that name holding other VMs, or
   * one made by someone else and set up differently, is a conflict.
   */
  VAppInfo ensureVApp(Inventory where, String name, List<String> members, int startDelaySeconds, String buildTag);

  /** The vApp with this name; empty when there is none. */
  Optional<VAppInfo> findVApp(String name);

  /**
   * Compensation: removes a VM this build made, one step a call — power off when it is on or
   * suspended, destroy once it is off — so a process calls it again after each task it returns
   * until the handle is done; a VM already gone is done. A VM without this build's tag
   * ({@code dunes.build}) is a conflict: Dunes removes only what it made.
   */
  TaskRef startRemoveVm(String name, String buildTag);

  /** As {@link #startRemoveVm(String, String)} for the VM with this moref: the undo's way when names repeat. */
  TaskRef startRemoveVm(Moref vm, String buildTag);

  /**
   * Compensation: dissolves a vApp this build made and keeps its VMs. vCenter destroys a vApp's
   * VMs with it, so the members first go back to the inventory's pool and folder, power state as it
   * is, and only the empty vApp is destroyed. One step a call, as {@link #startRemoveVm}: absent is
   * done, a vApp without this build's tag is a conflict.
   */
  TaskRef startRemoveVApp(Inventory where, String name, String buildTag);
}
