package dunes.preflight;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.preflight.*}: how the read-only checks before a build ask the site.
 *
 * @param probePorts the TCP ports a node address or the virtual IP must not answer on: the
 *     appliance's (22 SSH, 80/443, 5480 VAMI, 8281 vCO server, 8283 configurator) and the commonest
 *     of any other machine; an accepted connection means the address is in use
 * @param connectTimeout one TCP connect of the address check; silence until then counts as free
 * @param certificateTimeout connect and handshake of one certificate read
 * @param icmp also send an ICMP echo ({@code InetAddress.isReachable}) to each address; off by
 *     default, because on loopback every 127/8 address answers it (docs/fidelity.md)
 */
@ConfigurationProperties("dunes.preflight")
public record PreflightProperties(List<Integer> probePorts, Duration connectTimeout, Duration certificateTimeout,
    boolean icmp) {

  public static final List<Integer> DEFAULT_PROBE_PORTS = List.of(22, 80, 443, 5480, 8281, 8283);

  public PreflightProperties {
    probePorts = probePorts == null || probePorts.isEmpty() ? DEFAULT_PROBE_PORTS : List.copyOf(probePorts);
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
    certificateTimeout = certificateTimeout == null ? Duration.ofSeconds(5) : certificateTimeout;
    for (int port : probePorts) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("dunes.preflight.probe-ports: " + port + " is not a TCP port");
      }
    }
  }

  public static PreflightProperties defaults() {
    return new PreflightProperties(null, null, null, false);
  }
}
