package dunes.lab.edge;

/**
 * The NSX Manager the lab can present itself as: its {@code GET /api/1.0/appliance-management/global/info}
 * answer (vmware-archive/nsxraml nsxvapi.raml, globalInfoRead example), and whether it still has
 * the 3.0 edge API, which NSX 6.3.0 removed (vmware-archive/nsxraml documentation/appendix.md at
 * 7d47af30).
 */
record LabManagerVersion(int major, int minor, int patch, String build, String loggedInUser) {

  /** {@code 6.3.0} or {@code 6.3.0.5007049} (the last part is the build number). */
  static LabManagerVersion parse(String version, String loggedInUser) {
    if (version == null || !version.matches("\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}(\\.\\d{1,10})?")) {
      throw new IllegalArgumentException("an NSX Manager version is major.minor.patch[.build], e.g. 6.3.0, not '"
          + version + "'");
    }
    String[] parts = version.split("\\.");
    return new LabManagerVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
        parts.length > 3 ? parts[3] : "0", loggedInUser);
  }

  boolean servesEdgeApi3() {
    return major < 6 || major == 6 && minor < 3;
  }

  String globalInfo() {
    return """
        <globalInfo>
          <currentLoggedInUser>%s</currentLoggedInUser>
          <versionInfo>
            <majorVersion>%d</majorVersion>
            <minorVersion>%d</minorVersion>
            <patchVersion>%d</patchVersion>
            <buildNumber>%s</buildNumber>
          </versionInfo>
        </globalInfo>""".formatted(loggedInUser, major, minor, patch, build);
  }
}
