package dunes.edge;

/**
 * The manager does not serve the edge API Dunes speaks (vCNS 5.x, {@code /api/3.0/edges}): an NSX
 * Manager 6.3 or later removed it. Retrying cannot help; an NSX {@code /api/4.0} branch is not built.
 */
public class EdgeUnsupportedException extends EdgeException {

  private final ManagerVersion version;

  EdgeUnsupportedException(String message, ManagerVersion version) {
    super(message);
    this.version = version;
  }

  public ManagerVersion version() {
    return version;
  }
}
