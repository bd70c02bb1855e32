package dunes.edge;

/** The manager has no such edge, vNIC, pool or virtual server (HTTP 404); {@link #what()} names it. */
public class EdgeNotFoundException extends EdgeException {

  private final String what;

  EdgeNotFoundException(String message, String what) {
    super(message);
    this.what = what;
  }

  /** e.g. "vNIC 3 of edge 'edge-1'" */
  public String what() {
    return what;
  }
}
