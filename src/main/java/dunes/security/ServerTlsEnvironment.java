package dunes.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Dunes's own port speaks HTTPS ({@code server.ssl} from a PKCS#12 keystore: DUNES_TLS_KEYSTORE
 * and DUNES_TLS_KEYSTORE_PASSWORD); without a keystore the application refuses to start, because
 * its users log in with passwords (HTTP Basic, the webapps' form) and carry session cookies. Plain
 * HTTP only for the lab on loopback, or where {@code dunes.security.allow-plain-http} says so
 * (a TLS-terminating proxy on the same host), which is logged as a warning at every start.
 */
public class ServerTlsEnvironment implements EnvironmentPostProcessor, Ordered {

  static final String ALLOW_PLAIN_HTTP = "dunes.security.allow-plain-http";
  static final String NO_TLS = "Dunes serves HTTPS only and no TLS keystore is configured: set DUNES_TLS_KEYSTORE"
      + " (a PKCS#12 file with Dunes's key and certificate chain) and DUNES_TLS_KEYSTORE_PASSWORD;"
      + " only behind a TLS-terminating proxy on this host set " + ALLOW_PLAIN_HTTP + "=true";
  static final String NO_PASSWORD = "the TLS keystore %s has no password: set DUNES_TLS_KEYSTORE_PASSWORD";
  static final String LAB_NOT_LOOPBACK = "the lab serves plain HTTP on loopback only, not on %s: keep server.address"
      + " at 127.0.0.1, configure a TLS keystore, or set " + ALLOW_PLAIN_HTTP + "=true";

  private final Log log;

  public ServerTlsEnvironment(DeferredLogFactory logs) {
    this.log = logs.getLog(ServerTlsEnvironment.class);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String keyStore = environment.getProperty("server.ssl.key-store");
    boolean tls = !"false".equalsIgnoreCase(environment.getProperty("server.ssl.enabled"))
        && (present(keyStore) || present(environment.getProperty("server.ssl.bundle")));
    if (tls) {
      if (present(keyStore) && !present(environment.getProperty("server.ssl.key-store-password"))) {
        throw new IllegalStateException(NO_PASSWORD.formatted(keyStore));
      }
      return;
    }
    boolean allowed = environment.getProperty(ALLOW_PLAIN_HTTP, Boolean.class, false);
    String address = environment.getProperty("server.address");
    if (allowed) {
      log.warn("PLAIN HTTP: " + ALLOW_PLAIN_HTTP + " is set and no TLS keystore is configured; Dunes serves"
          + " passwords and session cookies without TLS on " + (address == null ? "every interface" : address)
          + ". Only a TLS-terminating proxy on this host may stand in front of it.");
    } else if (!environment.acceptsProfiles(Profiles.of("lab"))) {
      throw new IllegalStateException(NO_TLS);
    } else if (!loopback(address)) {
      throw new IllegalStateException(LAB_NOT_LOOPBACK.formatted(address == null ? "every interface" : address));
    }
    // Spring reads server.ssl.* as "TLS on" once any key is set (the keystore type is); HTTP/2 without TLS is h2c
    environment.getPropertySources().addFirst(new MapPropertySource("dunes-plain-http",
        Map.of("server.ssl.enabled", "false", "server.http2.enabled", "false")));
  }

  private static boolean loopback(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 30;
  }
}
