package dunes.edge;

/**
 * What the manager says it is. NSX-v answers {@code GET /api/1.0/appliance-management/global/info}
 * with {@code globalInfo/versionInfo/{majorVersion,minorVersion,patchVersion,buildNumber}}
 * (vmware-archive/nsxraml nsxvapi.raml, "globalInfoRead"). A manager that has no such resource is
 * taken for a vShield Manager 5.x, as VMware's own client does (vmware-archive/vmware-nsx
 * lib/puppet/provider/nsx.rb, {@code network_manager_version}); whether it serves the 3.0 edge
 * API then shows in {@code GET /api/3.0/edges}.
 *
 * @param path where the version was asked for
 * @param major null when the manager states no version there
 */
public record ManagerVersion(String path, Integer major, Integer minor, Integer patch, String build) {

  /** No version resource: a vShield Manager 5.x by VMware's own rule. */
  public static ManagerVersion unstated(String path) {
    return new ManagerVersion(path, null, null, null, null);
  }

  public boolean stated() {
    return major != null;
  }

  /** NSX 6.3.0 removed every {@code /api/3.0/edges} method (vmware-archive/nsxraml documentation/appendix.md). */
  public boolean removedEdgeApi3() {
    return stated() && (major > 6 || major == 6 && minor != null && minor >= 3);
  }

  /** E.g. "NSX Manager 6.3.0 (build 4872000)" or "vShield Manager 5.x (no version at …)". */
  public String describe() {
    if (!stated()) {
      return "vShield Manager 5.x (no version at " + path + ")";
    }
    String version = major + "." + (minor == null ? "0" : minor) + "." + (patch == null ? "0" : patch);
    return (major >= 6 ? "NSX Manager " : "vShield Manager ") + version + (build == null ? "" : " (build " + build + ")");
  }
}
