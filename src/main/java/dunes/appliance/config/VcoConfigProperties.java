package dunes.appliance.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.appliance.config.*}: the vCO configuration client.
 *
 * @param connectTimeout TCP connect (and TLS handshake)
 * @param responseTimeout socket reads and one call's answer
 * @param username the REST API's login; the lab takes the configurator's {@code vmware}. A real 5.5
 *     server authenticates vCO administrators through SSO (e.g. {@code administrator@vsphere.local}):
 *     *unverified* which login its REST API accepts before SSO is configured
 */
@ConfigurationProperties("dunes.appliance.config")
public record VcoConfigProperties(Duration connectTimeout, Duration responseTimeout, String username) {

  public VcoConfigProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
    username = username == null || username.isBlank() ? "vmware" : username;
  }

  public static VcoConfigProperties defaults() {
    return new VcoConfigProperties(null, null, null);
  }
}
