package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.notFound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.edge.LoadBalancerDocument.Kind;
import dunes.xml.XmlText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vShield Manager's REST surface for edges (API 3.0): routes each request to the edge, with
 * Basic auth and the fault knobs of its endpoint ({@code edge:api:config}, {@code edge:api:pools},
 * {@code edge:api:virtualservers}, {@code edge:api:vnics}, {@code edge:api:edges}; a knob on
 * {@code edge:api} covers them all).
 */
final class EdgeApi implements HttpHandler {

  private static final String XML = "application/xml";
  private static final String EDGES = "/api/3\\.0/edges";
  private static final String LB = EDGES + "/([^/]+)/loadbalancer/config";
  /** Where NSX-v states its version (vmware-archive/nsxraml nsxvapi.raml, globalInfoRead). */
  static final String GLOBAL_INFO = "/api/1.0/appliance-management/global/info";

  private record Endpoint(Pattern path, String name, Operation operation) {}

  @FunctionalInterface
  private interface Operation {
    void handle(HttpExchange exchange, Edge edge, List<String> ids) throws IOException;
  }

  private final Map<String, Edge> edges;
  private final LabBasicAuth auth;
  private final LabFaults faults;
  private final List<Endpoint> endpoints;

  /**
   * @param nsxVersion null: a vShield Manager 5.x, which states no version at
   *     {@value #GLOBAL_INFO}; else the NSX Manager version it answers there, e.g. {@code 6.3.0}.
   *     From 6.3 on, every {@code /api/3.0/edges} path is gone (404), as NSX 6.3.0 removed them.
   */
  EdgeApi(Map<String, Edge> edges, LabBasicAuth auth, LabFaults faults, LabManagerVersion nsxVersion) {
    this.edges = edges;
    this.auth = auth;
    this.faults = faults;
    List<Endpoint> served = new ArrayList<>();
    if (nsxVersion != null) {
      served.add(new Endpoint(Pattern.compile(Pattern.quote(GLOBAL_INFO)), "edge:api:version",
          (exchange, edge, ids) -> {
            requireMethod(exchange, "GET");
            LabHttp.send(exchange, 200, XML, nsxVersion.globalInfo());
          }));
    }
    if (nsxVersion == null || nsxVersion.servesEdgeApi3()) {
      served.addAll(edgeApi3());
    }
    this.endpoints = List.copyOf(served);
  }

  private List<Endpoint> edgeApi3() {
    return List.of(
        new Endpoint(Pattern.compile(EDGES + "/?"), "edge:api:edges", this::edgeList),
        new Endpoint(Pattern.compile(LB + "/?"), "edge:api:config", this::config),
        new Endpoint(Pattern.compile(LB + "/pools/?"), "edge:api:pools", collection(Kind.POOL)),
        new Endpoint(Pattern.compile(LB + "/pools/([^/]+)"), "edge:api:pools", object(Kind.POOL)),
        new Endpoint(Pattern.compile(LB + "/virtualservers/?"), "edge:api:virtualservers",
            collection(Kind.VIRTUAL_SERVER)),
        new Endpoint(Pattern.compile(LB + "/virtualservers/([^/]+)"), "edge:api:virtualservers",
            object(Kind.VIRTUAL_SERVER)),
        new Endpoint(Pattern.compile(EDGES + "/([^/]+)/vnics/(\\d{1,9})"), "edge:api:vnics", this::vnic));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    for (Endpoint endpoint : endpoints) {
      Matcher matcher = endpoint.path().matcher(path);
      if (matcher.matches()) {
        LabHttp.withKnobs(faults, endpoint.name(), e -> answer(e, endpoint, matcher)).handle(exchange);
        return;
      }
    }
    LabHttp.withKnobs(faults, "edge:api", e -> {
      if (authorized(e)) {
        error(e, notFound("no such resource: " + path));
      }
    }).handle(exchange);
  }

  private void answer(HttpExchange exchange, Endpoint endpoint, Matcher matcher) throws IOException {
    if (!authorized(exchange)) {
      return;
    }
    try {
      List<String> ids = new ArrayList<>();
      for (int group = 2; group <= matcher.groupCount(); group++) {
        ids.add(matcher.group(group));
      }
      Edge edge = matcher.groupCount() >= 1 ? edge(matcher.group(1)) : null;
      endpoint.operation().handle(exchange, edge, ids);
    } catch (EdgeApiException e) {
      error(exchange, e);
    } catch (RuntimeException e) {
      // a lab bug must still reach the client as an answer, not as a dropped connection
      error(exchange, new EdgeApiException(500, 14500, "internal error in the lab edge: " + e));
    }
  }

  /** {@code pagedEdgeList/edgePage/edgeSummary{id,name,state}} (PROTOCOLS.md 1a). */
  private void edgeList(HttpExchange exchange, Edge unused, List<String> ids) throws IOException {
    requireMethod(exchange, "GET");
    StringBuilder list = new StringBuilder("<pagedEdgeList>\n  <edgePage>\n");
    for (Edge edge : edges.values()) {
      list.append("    <edgeSummary>\n      <id>").append(XmlText.escape(edge.id())).append("</id>\n      <name>")
          .append(XmlText.escape(edge.name())).append("</name>\n      <state>deployed</state>\n    </edgeSummary>\n");
    }
    LabHttp.send(exchange, 200, XML, list.append("  </edgePage>\n</pagedEdgeList>").toString());
  }

  private void config(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "GET" -> LabHttp.send(exchange, 200, XML, edge.configXml());
      case "PUT" -> {
        edge.putConfig(text(exchange));
        noContent(exchange);
      }
      case "DELETE" -> {
        edge.deleteConfig();
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  /** {@code …/pools} or {@code …/virtualservers}: the list (GET), or a new object (POST, 201 with its Location). */
  private Operation collection(Kind kind) {
    return (exchange, edge, ids) -> {
      switch (exchange.getRequestMethod()) {
        case "GET" -> LabHttp.send(exchange, 200, XML, edge.listXml(kind));
        case "POST" -> created(exchange, edge.add(kind, text(exchange)));
        default -> throw methodNotAllowed(exchange);
      }
    };
  }

  /** {@code …/pools/{id}} or {@code …/virtualservers/{id}}: read, replace or delete one object. */
  private Operation object(Kind kind) {
    return (exchange, edge, ids) -> {
      String objectId = ids.get(0);
      switch (exchange.getRequestMethod()) {
        case "GET" -> LabHttp.send(exchange, 200, XML, edge.objectXml(kind, objectId));
        case "PUT" -> {
          edge.update(kind, objectId, text(exchange));
          noContent(exchange);
        }
        case "DELETE" -> {
          edge.delete(kind, objectId);
          noContent(exchange);
        }
        default -> throw methodNotAllowed(exchange);
      }
    };
  }

  private void vnic(HttpExchange exchange, Edge edge, List<String> ids) throws IOException {
    int index = Integer.parseInt(ids.get(0));
    switch (exchange.getRequestMethod()) {
      case "GET" -> LabHttp.send(exchange, 200, XML, edge.vnicXml(index));
      case "PUT" -> {
        edge.putVnic(index, text(exchange));
        noContent(exchange);
      }
      default -> throw methodNotAllowed(exchange);
    }
  }

  private Edge edge(String id) {
    Edge edge = edges.get(id);
    if (edge == null) {
      throw notFound("edge '" + id + "' does not exist");
    }
    return edge;
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    if (auth.accepts(exchange)) {
      return true;
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"vShield Manager\"");
    error(exchange, new EdgeApiException(401, 14401, "authentication required"));
    return false;
  }

  private static String text(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equals(method)) {
      throw methodNotAllowed(exchange);
    }
  }

  private static EdgeApiException methodNotAllowed(HttpExchange exchange) {
    return new EdgeApiException(405, 14405, exchange.getRequestMethod() + " is not supported on "
        + exchange.getRequestURI().getPath());
  }

  private static void created(HttpExchange exchange, String id) throws IOException {
    exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getPath().replaceAll("/$", "") + "/" + id);
    exchange.sendResponseHeaders(201, -1);
  }

  private static void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  private static void error(HttpExchange exchange, EdgeApiException e) throws IOException {
    LabHttp.send(exchange, e.status(), XML, e.body());
  }
}
