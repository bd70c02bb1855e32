package dunes.engine;

/** The kinds of poll loop Dunes bounds, each with its property under {@code dunes.deadlines} and what an operator does past it. */
public enum Wait {
  VSPHERE_TASK("vsphere-task", "vsphereTask", "Look at the task in vCenter's Recent Tasks, then retry: a retry looks once more"),
  POWER_STATE("power-state", "powerState", "Look at the VM in vCenter (a guest that ignores the shutdown needs its console), then retry: a retry looks once more"),
  SERVICE_START("service-start", "serviceStart", "Look at the node (service vco-server status, its logs), then retry: a retry looks once more"),
  CONFIGURATION_WORKFLOW("configuration-workflow", "configurationWorkflow", "Look at the run in the vCO client (cancel it if it hangs), then retry: a retry looks once more"),
  CLUSTER_FORMED("cluster-formed", "clusterFormed", "Look at each node's cluster page (Server Availability) and heartbeat settings, then retry: a retry asks once more"),
  CERTIFICATE_ISSUE("certificate-issue", "certificateIssue", "The approver is asked again: issue the request at the CA, or reject it"),
  NODE_STATES("node-states", "nodeStates", "Look at the nodes (service vco-server status), then retry: a retry looks once more"),
  APPLIANCE_ANSWER("appliance-answer", "applianceAnswer", "Open the VM's console in vCSA: is the appliance up, and at which address? Then retry: a retry looks once more");

  private final String property;
  private final String variablePrefix;
  private final String advice;

  Wait(String property, String variablePrefix, String advice) {
    this.property = property;
    this.variablePrefix = variablePrefix;
    this.advice = advice;
  }

  /** The key under {@code dunes.deadlines}. */
  public String property() {
    return property;
  }

  /** The scope-local variable holding the instant the wait began. */
  public String variable() {
    return variablePrefix + "WaitBegan";
  }

  String advice() {
    return advice;
  }
}
