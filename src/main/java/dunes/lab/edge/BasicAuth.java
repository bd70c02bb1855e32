package dunes.lab.edge;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The manager's HTTP Basic check against its one configured user. */
final class BasicAuth {

  private final byte[] expected;

  BasicAuth(String username, String password) {
    this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  boolean accepts(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    try {
      byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
      return MessageDigest.isEqual(given, expected); // constant time
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
