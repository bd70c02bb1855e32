package dunes.database;

import java.util.List;

/**
 * What {@link SnapshotIsolation#ensureOn} found and did.
 *
 * @param state the state read last (both ON when this result exists)
 * @param changes the options set, in order, e.g. {@code ALLOW_SNAPSHOT_ISOLATION ON}; empty when both were ON
 */
public record SnapshotIsolationResult(SnapshotIsolationState state, List<String> changes) {

  public SnapshotIsolationResult {
    changes = List.copyOf(changes);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }

  /** For the process variable and the log: the options set, or {@code none: already on}. */
  public String summary() {
    return changes.isEmpty() ? "none: already on" : String.join("; ", changes);
  }
}
