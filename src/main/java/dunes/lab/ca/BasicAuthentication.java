package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP Basic in front of the CA's pages, as IIS with Basic authentication enabled answers: 401
 * with a Basic challenge for missing or wrong credentials.
 */
final class BasicAuthentication {

  static final String REALM = "ca";

  private final byte[] expected;

  BasicAuthentication(String username, String password) {
    this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  HttpHandler protect(HttpHandler handler) {
    return exchange -> {
      if (accepts(exchange)) {
        handler.handle(exchange);
      } else {
        challenge(exchange);
      }
    };
  }

  private boolean accepts(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    try {
      byte[] given = Base64.getDecoder().decode(header.substring(6).trim());
      return MessageDigest.isEqual(given, expected); // constant time: no timing hint on the password
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void challenge(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    LabHttp.send(exchange, 401, "text/html; charset=utf-8",
        "<HTML><Body><H1>401 - Unauthorized: Access is denied due to invalid credentials.</H1></Body></HTML>");
  }
}
