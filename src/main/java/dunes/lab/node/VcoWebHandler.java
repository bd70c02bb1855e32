package dunes.lab.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The vCO server's web front on 8281: the start page {@code /vco}, {@code /vco/api/about} and
 * {@code /vco/api/plugins} (the REST API's documented plug-in resource, here only its list).
 * {@link VcoServer} lets requests through only while RUNNING.
 */
final class VcoWebHandler implements HttpHandler {

  /** *unverified*: vRO 7 answers /vco/api/about with these fields; 5.5's answer was not found. */
  static final String VERSION = "5.5.2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String nodeName;
  private final Supplier<List<String>> plugins;

  /** @param plugins the names of the plug-ins the server has, for {@code GET /vco/api/plugins} */
  VcoWebHandler(String nodeName, Supplier<List<String>> plugins) {
    this.nodeName = nodeName;
    this.plugins = plugins;
  }

  /** vRO's list envelope, as the workflow query: {"link":[{"attributes":[{"name":"name","value":…}]}],"total":n} (5.5's *unverified*). */
  private String pluginList() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode links = body.putArray("link");
    for (String name : plugins.get()) {
      links.addObject().putArray("attributes").addObject().put("name", "name").put("value", name);
    }
    body.put("total", links.size());
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
      case "/vco/api/plugins", "/vco/api/plugins/" -> LabHttp.send(exchange, 200, "application/json", pluginList());
      default -> LabHttp.text(exchange, 404, "not found: " + path);
    }
  }
}
