package dunes.vsphere.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VmInfo;

/**
 * What a wait loop waits for, kept in one process variable between jobs: a vSphere task, or a VM
 * reaching a power state (a guest shutdown has no task); and what to read back once the task has
 * finished.
 *
 * @param task the task's moref text, or null
 * @param target the object the task acts on, or null
 * @param vm the VM whose power state is awaited, or null
 * @param powerState the awaited power state, with {@code vm}
 * @param operation what was asked, for messages
 * @param syncTimeOf the VM whose time sync with the host is read back once the task has finished
 *     (turned on when it is off), or null
 * @param syncTimeSet the task is the one that turned it on: off after it is an error, not another turn
 * @param importOf the node whose OVF import is awaited (its marker in {@link VSphereEffects} says how it
 *     stands), or null
 */
public record VSphereWait(String task, String target, String vm, String powerState, String operation,
    String syncTimeOf, boolean syncTimeSet, String importOf) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static VSphereWait of(TaskRef ref) {
    return new VSphereWait(ref.task() == null ? null : ref.task().toString(),
        ref.target() == null ? null : ref.target().toString(), null, null, ref.operation(), null, false, null);
  }

  public static VSphereWait powerState(String vm, VmInfo.PowerState state, String operation) {
    return new VSphereWait(null, null, vm, state.name(), operation, null, false, null);
  }

  /** The wait for node {@code vm}'s OVF import, which a worker thread carries out. */
  public static VSphereWait importOf(String vm) {
    return new VSphereWait(null, null, null, null, "deploy the ovf as vm '" + vm + "'", null, false, vm);
  }

  public boolean watchesImport() {
    return importOf != null;
  }

  /** This wait, and then VM {@code vm}'s time sync with the host read back (and turned on when it is off). */
  public VSphereWait thenSyncTime(String vm) {
    return new VSphereWait(task, target, this.vm, powerState, operation, vm, false, importOf);
  }

  /** The wait for the task that turns {@link #syncTimeOf}'s time sync on, after which it is read back once more. */
  VSphereWait syncTimeBy(TaskRef ref) {
    VSphereWait next = of(ref);
    return new VSphereWait(next.task, next.target, null, null, next.operation, syncTimeOf, true, null);
  }

  public boolean watchesPowerState() {
    return vm != null;
  }

  public TaskRef taskRef() {
    return new TaskRef(task == null ? null : Moref.parse(task), target == null ? null : Moref.parse(target), operation);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static VSphereWait fromJson(String json) {
    try {
      return JSON.readValue(json, VSphereWait.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a vSphere wait: " + json, e);
    }
  }
}
