package dunes.database;

/** {@code sys.databases} has no row for the requested name: the database is missing or hidden from the login. */
public class DatabaseNotFoundException extends RuntimeException {

  public DatabaseNotFoundException(DatabaseName database) {
    super("database " + DatabaseName.printable(database.quoted()) + " does not exist, or the login cannot see it"
        + " in sys.databases: create it (the vCO database is created before the build) or correct database.name");
  }
}
