package dunes.pki.certsrv;

/**
 * Where a request stands, as its download page says.
 *
 * @param message the CA's disposition message, HTML entities decoded: "Taken Under Submission" while
 *     pending, the reason when denied, empty when issued
 */
public record Status(long requestId, Disposition disposition, String message) {

  public Status {
    if (disposition == null || message == null) {
      throw new IllegalArgumentException("a request status has a disposition and a message");
    }
  }

  @Override
  public String toString() {
    return "request " + requestId + " " + disposition + (message.isEmpty() ? "" : ": \"" + message + "\"");
  }
}
