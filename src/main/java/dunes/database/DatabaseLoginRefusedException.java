package dunes.database;

/** SQL Server refused the login (error 18456 and its kin): wrong user, wrong password, disabled or locked. */
public class DatabaseLoginRefusedException extends RuntimeException {

  public DatabaseLoginRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
