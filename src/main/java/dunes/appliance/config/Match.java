package dunes.appliance.config;

/** Which completed run of a workflow says that the node already has a configuration. */
public enum Match {

  /**
   * The workflow sets one configuration (SSO, database, licence, cluster settings): the newest
   * completed run is what the node has, so only that run is compared.
   */
  NEWEST_COMPLETED,

  /**
   * Each run adds one item (a trusted certificate, a plug-in): any completed run with the same
   * inputs means the item is there. Only the {@value HttpVcoConfigClient#RUNS_READ} newest runs are read.
   */
  ANY_COMPLETED,

  /**
   * A read-only workflow (the cluster's status): a completed run tells what was true then, not
   * now, so no completed run counts and every converge starts a new run. A run that has not ended
   * with the same inputs is still adopted, as a replay must not start a second one beside it.
   */
  NEVER
}
