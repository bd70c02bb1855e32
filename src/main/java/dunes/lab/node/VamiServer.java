package dunes.lab.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabHttp;
import dunes.lab.LabTls;
import java.io.IOException;

/**
 * The appliance's 5480 web server (VAMI's UI, served by lighttpd on 5.x, its management backed by
 * a CIM broker at {@code /cimom}: PROTOCOLS.md 1d) as far as Dunes meets it: it listens with the
 * appliance's own certificate, and it has no JSON API — Dunes sets the identity with the in-guest
 * commands over SSH ({@link NodeVamiCommands}). The lab does not simulate the UI or CIM, so every
 * request, {@code /vami/...} included, is answered 404 with an HTML page in lighttpd's default
 * form, as the appliance answers a path it does not serve.
 */
final class VamiServer implements AutoCloseable {

  static final String NOT_FOUND = """
      <?xml version="1.0" encoding="iso-8859-1"?>
      <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
               "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
      <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
       <head>
        <title>404 - Not Found</title>
       </head>
       <body>
        <h1>404 - Not Found</h1>
       </body>
      </html>
      """;

  private final HttpsServer server;

  private VamiServer(HttpsServer server) {
    this.server = server;
  }

  static VamiServer open(LabNode.Settings settings, NodeFiles files) {
    NodeFiles.KeyEntry key = files.loadVamiKey();
    HttpsServer server = LabHttp.https(settings.address(), settings.ports().vami(), LabTls.server(key.key(), key.chain()));
    server.createContext("/", VamiServer::notFound);
    server.start();
    return new VamiServer(server);
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes(); // a PUT's body is read and dropped, as any web server does
      LabHttp.send(exchange, 404, "text/html", exchange.getRequestMethod().equals("HEAD") ? "" : NOT_FOUND);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
