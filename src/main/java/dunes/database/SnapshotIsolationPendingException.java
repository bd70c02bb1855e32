package dunes.database;

/**
 * {@code ALLOW_SNAPSHOT_ISOLATION} is changing (state 2 IN_TRANSITION_TO_OFF or 3 IN_TRANSITION_TO_ON):
 * SQL Server waits for the transactions open in the database to end. Nothing is altered meanwhile;
 * the job's retry reads the state again later.
 */
public class SnapshotIsolationPendingException extends SnapshotIsolationException {

  public SnapshotIsolationPendingException(DatabaseName database, SnapshotIsolationState state) {
    super("snapshot isolation of database " + DatabaseName.printable(database.quoted()) + " is "
        + state.snapshotIsolationDescription() + ": SQL Server waits for the transactions open in it to end;"
        + " the step is retried later");
  }
}
