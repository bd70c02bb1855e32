package dunes.changes;

/** A report change management did not take; the job fails and its retry cycle tries again. */
public class ChangeReportException extends RuntimeException {

  public ChangeReportException(String message) {
    super(message);
  }

  public ChangeReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
