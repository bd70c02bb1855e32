package dunes.vsphere;

/**
 * A task's state as one poll saw it.
 *
 * @param progress percent, when vSphere reports one
 * @param fault vSphere's fault text when the task failed
 * @param faultType the fault's type name when the task failed
 * @param result the object the task made (a clone's VM), or the handle's target
 */
public record TaskState(Status status, Integer progress, String fault, String faultType, TaskRef ref, Moref result) {

  public enum Status { QUEUED, RUNNING, SUCCESS, ERROR }

  public boolean isFinished() {
    return status == Status.SUCCESS || status == Status.ERROR;
  }

  /** Throws the task's fault with vSphere's text; returns this state otherwise. */
  public TaskState orThrow() {
    if (status == Status.ERROR) {
      throw new VSphereTaskException(ref.operation() + " failed: " + fault, faultType);
    }
    return this;
  }
}
