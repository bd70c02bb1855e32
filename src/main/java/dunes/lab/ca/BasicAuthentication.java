package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabHttp;
import java.io.IOException;

/**
 * HTTP Basic in front of the CA's pages, as IIS with Basic authentication enabled answers: 401
 * with a Basic challenge for missing or wrong credentials.
 */
final class BasicAuthentication {

  static final String REALM = "ca";

  private final LabBasicAuth credentials;

  BasicAuthentication(String username, String password) {
    this.credentials = new LabBasicAuth(REALM, username, password);
  }

  HttpHandler protect(HttpHandler handler) {
    return exchange -> {
      if (credentials.accepts(exchange)) {
        handler.handle(exchange);
      } else {
        challenge(exchange);
      }
    };
  }

  private static void challenge(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    LabHttp.send(exchange, 401, "text/html; charset=utf-8",
        "<HTML><Body><H1>401 - Unauthorized: Access is denied due to invalid credentials.</H1></Body></HTML>");
  }
}
