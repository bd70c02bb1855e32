package dunes.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.edge.*}: the vShield Manager client.
 *
 * @param connectTimeout TCP connect (and TLS handshake)
 * @param responseTimeout socket reads and one call's answer; a PUT of the whole configuration
 *     makes a real manager push it to the edge appliance, which takes seconds
 */
@ConfigurationProperties("dunes.edge")
public record EdgeProperties(Duration connectTimeout, Duration responseTimeout) {

  public EdgeProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(60) : responseTimeout;
  }

  public static EdgeProperties defaults() {
    return new EdgeProperties(null, null);
  }
}
