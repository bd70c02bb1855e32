package dunes.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.edge.*}: the vShield Manager client.
 *
 * @param connectTimeout TCP connect (and TLS handshake)
 * @param responseTimeout socket reads and one call's answer; a PUT of the whole configuration
 *     makes a real manager push it to the edge appliance, which takes seconds
 * @param versionPath where the manager states its version: NSX-v's documented
 *     {@code /api/1.0/appliance-management/global/info} by default (vmware-archive/nsxraml); a
 *     manager that answers 404 there is taken for a vShield Manager 5.x, as VMware's own client does
 */
@ConfigurationProperties("dunes.edge")
public record EdgeProperties(Duration connectTimeout, Duration responseTimeout, String versionPath) {

  public static final String DEFAULT_VERSION_PATH = "/api/1.0/appliance-management/global/info";

  public EdgeProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(60) : responseTimeout;
    versionPath = versionPath == null || versionPath.isBlank() ? DEFAULT_VERSION_PATH : versionPath;
    if (!versionPath.startsWith("/")) {
      throw new IllegalArgumentException("dunes.edge.version-path must be a path such as " + DEFAULT_VERSION_PATH
          + ", not '" + versionPath + "'");
    }
  }

  public static EdgeProperties defaults() {
    return new EdgeProperties(null, null, null);
  }
}
