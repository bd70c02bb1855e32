package dunes.database;

/**
 * One row of {@code sys.databases} as far as row versioning goes.
 *
 * @param snapshotIsolation {@code snapshot_isolation_state}: 0 OFF, 1 ON, 2 IN_TRANSITION_TO_OFF,
 *     3 IN_TRANSITION_TO_ON
 * @param readCommittedSnapshot {@code is_read_committed_snapshot_on}
 */
public record SnapshotIsolationState(int snapshotIsolation, boolean readCommittedSnapshot) {

  public static final int OFF = 0;
  public static final int ON = 1;
  public static final int IN_TRANSITION_TO_OFF = 2;
  public static final int IN_TRANSITION_TO_ON = 3;

  public boolean snapshotIsolationOn() {
    return snapshotIsolation == ON;
  }

  public boolean snapshotIsolationInTransition() {
    return snapshotIsolation == IN_TRANSITION_TO_OFF || snapshotIsolation == IN_TRANSITION_TO_ON;
  }

  public boolean bothOn() {
    return snapshotIsolationOn() && readCommittedSnapshot;
  }

  /** As {@code snapshot_isolation_state_desc} shows it. */
  public String snapshotIsolationDescription() {
    return switch (snapshotIsolation) {
      case OFF -> "OFF";
      case ON -> "ON";
      case IN_TRANSITION_TO_OFF -> "IN_TRANSITION_TO_OFF";
      case IN_TRANSITION_TO_ON -> "IN_TRANSITION_TO_ON";
      default -> "unknown state " + snapshotIsolation;
    };
  }

  public String readCommittedSnapshotDescription() {
    return readCommittedSnapshot ? "ON" : "OFF";
  }

  @Override
  public String toString() {
    return "ALLOW_SNAPSHOT_ISOLATION " + snapshotIsolationDescription()
        + ", READ_COMMITTED_SNAPSHOT " + readCommittedSnapshotDescription();
  }
}
