package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Query strings and form-urlencoded bodies, decoded (the JDK server leaves both raw). */
final class HttpForms {

  /** Larger than any CSR a client sends; stops a runaway body from filling the lab's memory. */
  private static final int MAX_BODY = 256 * 1024;

  private HttpForms() {}

  static Map<String, String> query(HttpExchange exchange) {
    return decode(exchange.getRequestURI().getRawQuery());
  }

  static Map<String, String> body(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY);
    return decode(new String(body, StandardCharsets.US_ASCII));
  }

  /** Names ignore case, as ASP's Request collections do; the first of a repeated name wins. */
  static Map<String, String> decode(String encoded) {
    Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        values.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed %-escape: skip the pair as a lenient server would
      }
    }
    return values;
  }
}
