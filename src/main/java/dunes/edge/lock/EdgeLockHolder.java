package dunes.edge.lock;

import java.time.Instant;

/**
 * Who holds an edge: the build's change ticket, the process instance that took it, since when and
 * until when the lease runs unless renewed.
 */
public record EdgeLockHolder(String edge, String ticket, String processInstanceId, Instant since, Instant until) {

  /** As Cockpit shows it to the operator of a waiting build. */
  public String describe() {
    return "build " + ticket + (processInstanceId == null ? "" : " (process instance " + processInstanceId + ")")
        + " holds edge " + edge + " since " + since + ", lease until " + until;
  }
}
