package dunes.pki.certsrv;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.pki.certsrv.*}: the Microsoft CA web enrollment client.
 *
 * @param connectTimeout TCP connect and TLS handshake
 * @param responseTimeout socket reads and one page's answer (a CA may take seconds to sign)
 */
@ConfigurationProperties("dunes.pki.certsrv")
public record CertsrvProperties(Duration connectTimeout, Duration responseTimeout) {

  public CertsrvProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
  }

  public static CertsrvProperties defaults() {
    return new CertsrvProperties(null, null);
  }
}
