package dunes.lab.node;

/** The vco-server service as the configurator's Startup Options and Server Availability show it. */
public enum NodeState {
  STOPPED,
  STARTING,
  RUNNING,
  /** up, but the cluster already has its number of active nodes: serves nothing until failover */
  STANDBY
}
