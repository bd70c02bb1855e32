package dunes.dns;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.dns.*}: how Dunes asks the request's DNS servers.
 *
 * @param timeout one question to one server; the next server is asked after it (default PT2S)
 * @param port the port of a server given without one (53; a lab that cannot bind 53 serves elsewhere)
 */
@ConfigurationProperties("dunes.dns")
public record DnsProperties(Duration timeout, Integer port) {

  public DnsProperties {
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    port = port == null ? 53 : port;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("dunes.dns.timeout must be positive, not " + timeout);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("dunes.dns.port must be a port (1-65535), not " + port);
    }
  }

  public static DnsProperties defaults() {
    return new DnsProperties(null, null);
  }
}
