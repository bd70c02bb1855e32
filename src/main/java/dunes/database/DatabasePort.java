package dunes.database;

import dunes.build.BuildSpec;

/** The vCO database as Dunes prepares it. */
public interface DatabasePort {

  /**
   * Turns {@code ALLOW_SNAPSHOT_ISOLATION} and {@code READ_COMMITTED_SNAPSHOT} ON for the request's
   * database, verified by query; alters nothing that is already ON.
   *
   * @throws InvalidDatabaseRequestException for a name, host or instance that cannot be used (nothing sent)
   * @throws DatabaseLoginRefusedException when SQL Server refuses the login
   * @throws DatabaseNotFoundException when the database does not exist
   * @throws SnapshotIsolationException while it is changing state, or when it is not ON after the ALTERs
   * @throws DatabaseException on a network, TLS, timeout or server fault
   */
  SnapshotIsolationResult ensureSnapshotIsolation(BuildSpec.Database database);

}
