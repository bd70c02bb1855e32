package dunes.vsphere.steps;

/** Process variables of the vSphere steps (DeployFirstNode, CloneNodes, CloneIdentity, StaggeredStartup, UndoVSphere). */
public final class VSphereVariables {

  /** The vCenter certificate's SHA-256 fingerprint the build trusts (pinned or confirmed). */
  public static final String VCENTER_FINGERPRINT = "vcenterFingerprint";
  /** What the current wait loop waits for (JSON of {@link VSphereWait}). */
  public static final String WAIT = "vsphereWait";
  /** Whether the awaited operation is finished. */
  public static final String DONE = "vsphereDone";
  /** The awaited task's progress in percent, for Cockpit. */
  public static final String PROGRESS = "vsphereProgress";
  /** Input of the single-VM steps: which VM. */
  public static final String VM_NAME = "vmName";
  /** Multi-instance element of CloneNodes: the node being cloned from node 1. */
  public static final String CLONE_NAME = "cloneName";
  /**
   * Prefix of the wait of each clone's CloneVM_Task ({@code cloneWait_<cloneName>}, JSON of {@link VSphereWait}):
   * the clones are started one after another and awaited together.
   */
  public static final String CLONE_WAIT = "cloneWait_";
  /** The operator's choice in Task_ShutdownNodeForClone: guest or powerOff. */
  public static final String SHUTDOWN_METHOD = "shutdownMethod";
  public static final String SOURCE_VM = "sourceVm";
  public static final String SOURCE_POWER_STATE = "sourcePowerState";
  public static final String SOURCE_GUEST_STATE = "sourceGuestState";
  /** Node 1's {@code guest.toolsRunningStatus}: a guest shutdown needs guestToolsRunning. */
  public static final String SOURCE_TOOLS_STATUS = "sourceToolsStatus";
  /**
   * Why Task_ShutdownSource handed the decision back to the operator (a guest shutdown without VMware Tools
   * running), shown in Task_ShutdownNodeForClone; null when node 1 is being shut down as chosen.
   */
  public static final String SHUTDOWN_REFUSAL = "shutdownRefusal";
  public static final String CLONE_NAMES = "cloneNames";
  public static final String VAPP_NAME = "vappName";
  /** The vApp's start order as read back, e.g. "1 vcvco1 +0s, 2 vcvco2 +120s". */
  public static final String VAPP_START_ORDER = "vappStartOrder";

  /** The request names something vCenter does not have (datastore, network, ...). */
  public static final String ERROR_INVENTORY_NOT_FOUND = "InventoryNotFound";
  /** An object of the build's name exists set up differently: never overwritten. */
  public static final String ERROR_CONFLICT = "VSphereConflict";

  private VSphereVariables() {}
}
