package dunes.database;

/** Snapshot isolation is not ON as it should be (after the ALTERs, or in a state SQL Server does not document). */
public class SnapshotIsolationException extends RuntimeException {

  public SnapshotIsolationException(String message) {
    super(message);
  }
}
