package dunes.lab.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import java.io.IOException;

/**
 * The vCO server's web front on 8281: the start page {@code /vco} and {@code /vco/api/about}.
 * {@link VcoServer} lets requests through only while RUNNING.
 */
final class VcoWebHandler implements HttpHandler {

  /** *unverified*: vRO 7 answers /vco/api/about with these fields; 5.5's answer was not found. */
  static final String VERSION = "5.5.2";

  private final String nodeName;

  VcoWebHandler(String nodeName) {
    this.nodeName = nodeName;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/vco") && !path.startsWith("/vco/")) {
      LabHttp.text(exchange, 404, "not found: " + path);
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      LabHttp.text(exchange, 405, "method not allowed: " + exchange.getRequestMethod());
      return;
    }
    switch (path) {
      case "/vco", "/vco/" -> LabHttp.send(exchange, 200, "text/html; charset=utf-8",
          "<html><head><title>VMware vCenter Orchestrator</title></head><body>"
              + "<h1>VMware vCenter Orchestrator</h1><p>node " + nodeName + "</p></body></html>");
      case "/vco/api/about" -> LabHttp.send(exchange, 200, "application/json",
          "{\"version\":\"" + VERSION + "\",\"api-version\":\"" + VERSION + "\",\"node\":\"" + nodeName + "\"}");
      default -> LabHttp.text(exchange, 404, "not found: " + path);
    }
  }
}
