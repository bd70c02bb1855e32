package dunes.lab.edge;

import dunes.xml.XmlText;
/**
 * A request the manager refuses, answered as its {@code <error>} body
 * ({@code details, errorCode, moduleName}, the documented shape). The error codes are the lab's own
 * (the real manager's numbers for these cases are not public); clients must go by the HTTP status.
 */
final class EdgeApiException extends RuntimeException {

  /** The module an edge error names (vmware-archive/nsxraml documentation/appendix.md, "Error Messages"). */
  static final String MODULE = "vShield Edge";

  private final int status;
  private final int errorCode;

  EdgeApiException(int status, int errorCode, String details) {
    super(details);
    this.status = status;
    this.errorCode = errorCode;
  }

  static EdgeApiException badRequest(String details) {
    return new EdgeApiException(400, 14400, details);
  }

  static EdgeApiException notFound(String details) {
    return new EdgeApiException(404, 14404, details);
  }

  int status() {
    return status;
  }

  /** {@code <error><details/><errorCode/><moduleName/></error>} (nsxraml appendix, "Error With Single Message"). */
  String body() {
    return "<error>\n  <details>" + XmlText.escape(getMessage()) + "</details>\n  <errorCode>" + errorCode
        + "</errorCode>\n  <moduleName>" + MODULE + "</moduleName>\n</error>";
  }
}
