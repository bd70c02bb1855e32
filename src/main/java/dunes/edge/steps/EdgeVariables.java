package dunes.edge.steps;

import org.camunda.bpm.engine.delegate.VariableScope;

/** The edge stage's process variables and its BPMN error code. */
public final class EdgeVariables {

  /** SHA-256 of the vShield Manager's certificate: the request's pin or the one an operator confirmed. */
  public static final String EDGE_FINGERPRINT = "edgeFingerprint";
  /** The load balancer configuration before the build changed it, as the manager wrote it. */
  public static final String SNAPSHOT_CONFIG = "edgeSnapshotConfig";
  /** The build's vNIC before the build changed it, as the manager wrote it. */
  public static final String SNAPSHOT_VNIC = "edgeSnapshotVnic";
  /** The port one pool/virtual server step works on (the multi-instance element variable). */
  public static final String LOAD_BALANCED_PORT = "loadBalancedPort";
  public static final String POOL_ID = "poolId";
  public static final String VIRTUAL_SERVER_ID = "virtualServerId";
  public static final String PUBLISHED = "loadBalancerPublished";
  /** The node that takes every new connection in the authoring window; absent or empty: all nodes. */
  public static final String ACTIVE_NODE_NAME = "activeNodeName";

  /** The manager refused a change, the login or its certificate: retrying cannot help. */
  public static final String ERROR_EDGE_REFUSED = "EdgeRefused";

  /** An object of the build's name on the edge belongs to another build or to nobody: never adopted. */
  public static final String ERROR_EDGE_CONFLICT = "EdgeConflict";
  /** Whether the stage holds the edge now (the acquire step's answer to its gateway). */
  public static final String LOCK_TAKEN = "edgeLockTaken";
  /** Who holds the edge while this build waits, as Cockpit shows it; removed once this build holds it. */
  public static final String LOCK_HOLDER = "edgeLockHolder";
  /** When this build first found the edge held (epoch millis): its wait is bounded from here. */
  public static final String LOCK_WAITING_SINCE = "edgeLockWaitingSince";
  /** The edge (its lock's key) this build waits for; removed once it holds it. The holder's hand-over looks for it. */
  public static final String LOCK_WANTED = "edgeLockWanted";

  private EdgeVariables() {}

  /** {@link #LOAD_BALANCED_PORT} as a number, whichever integer type the collection held. */
  static int port(VariableScope execution) {
    Object value = execution.getVariable(LOAD_BALANCED_PORT);
    if (!(value instanceof Number number)) {
      throw new IllegalStateException("no '" + LOAD_BALANCED_PORT + "' variable (a port number), got " + value
          + ": the step runs once per port of the build");
    }
    return number.intValue();
  }
}
