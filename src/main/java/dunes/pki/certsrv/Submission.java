package dunes.pki.certsrv;

import java.util.OptionalLong;

/**
 * What {@code certfnsh.asp} answered to a CSR.
 *
 * @param requestId the CA's request id: always there when issued or pending; a denied request has
 *     one unless the CA could not read it at all ("Error Parsing Request")
 * @param message the disposition message of a denial, HTML entities decoded; empty otherwise
 */
public record Submission(Disposition disposition, OptionalLong requestId, String message) {

  public Submission {
    if (disposition == null || requestId == null || message == null) {
      throw new IllegalArgumentException("a submission has a disposition, an optional request id and a message");
    }
    if (disposition != Disposition.DENIED && requestId.isEmpty()) {
      throw new IllegalArgumentException("an " + disposition + " submission has a request id");
    }
  }

  static Submission issued(long requestId) {
    return new Submission(Disposition.ISSUED, OptionalLong.of(requestId), "");
  }

  static Submission pending(long requestId) {
    return new Submission(Disposition.PENDING, OptionalLong.of(requestId), "");
  }

  static Submission denied(OptionalLong requestId, String message) {
    return new Submission(Disposition.DENIED, requestId, message);
  }

  @Override
  public String toString() {
    return disposition + (requestId.isPresent() ? " request " + requestId.getAsLong() : " (no request id)")
        + (message.isEmpty() ? "" : ": \"" + message + "\"");
  }
}
