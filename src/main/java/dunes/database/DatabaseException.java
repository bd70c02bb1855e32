package dunes.database;

/**
 * A technical fault talking to SQL Server (network, TLS, timeout, a statement the server refused).
 * Not a BPMN error: the job is retried and, when retries run out, becomes an incident with this text.
 */
public class DatabaseException extends RuntimeException {

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
