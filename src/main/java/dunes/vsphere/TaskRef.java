package dunes.vsphere;

/**
 * The handle a start step stores and a poll step reads: a vSphere task, or — when the port
 * converged without starting one (already done, or an OVF import that runs inside the call) — a
 * finished operation.
 *
 * @param task the vSphere task, or null when nothing is left to wait for
 * @param target the object the operation acts on or created (the VM), when known
 * @param operation what was asked, for messages ("power on vm 'vcvco1'")
 */
public record TaskRef(Moref task, Moref target, String operation) {

  public static TaskRef done(Moref target, String operation) {
    return new TaskRef(null, target, operation);
  }

  public boolean isDone() {
    return task == null;
  }
}
