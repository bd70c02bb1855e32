package dunes.database;

/**
 * The request's database section cannot be used as given (a name SQL Server cannot hold, a host or
 * instance name that is not one). Found before any connection is opened; retrying cannot help.
 */
public class InvalidDatabaseRequestException extends IllegalArgumentException {

  public InvalidDatabaseRequestException(String message) {
    super(message);
  }
}
