package dunes.appliance.vami;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.appliance.vami.*}: timeouts of the VAMI client.
 *
 * @param connectTimeout TCP connect
 * @param responseTimeout socket reads and one call's answer; also how long a network change's answer is
 *     awaited before the read-back at the new address decides
 */
@ConfigurationProperties("dunes.appliance.vami")
public record VamiProperties(Duration connectTimeout, Duration responseTimeout) {

  public VamiProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
  }

  public static VamiProperties defaults() {
    return new VamiProperties(null, null);
  }
}
